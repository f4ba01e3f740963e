/** A pack that cannot be used; each problem names the file, the feature (index and id) and the reason. */
export class CityPackError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: string[],
  ) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : '';
    super(`invalid city pack ${dir}:\n  ${shown.join('\n  ')}${more}`);
    this.name = 'CityPackError';
  }
}
