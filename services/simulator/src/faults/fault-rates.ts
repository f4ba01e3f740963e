// What `SIM_FAULTS` can ask for, each with a probability per outgoing message.
export const FAULT_KINDS = ['stale', 'gps-jump', 'duplicate', 'out-of-order', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultRates = Record<FaultKind, number>;

export const NO_FAULTS: FaultRates = { stale: 0, 'gps-jump': 0, duplicate: 0, 'out-of-order': 0, malformed: 0 };

/** Parses "stale:0.01,duplicate:0.01" (rates in [0, 1]); throws naming every bad entry. */
export function parseFaultRates(spec: string): FaultRates {
  const rates: FaultRates = { ...NO_FAULTS };
  const problems: string[] = [];
  for (const entry of spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const [kind, rateText, ...rest] = entry.split(':');
    const rate = Number(rateText);
    if (!FAULT_KINDS.includes(kind as FaultKind)) problems.push(`unknown fault "${kind}" (known: ${FAULT_KINDS.join(', ')})`);
    else if (rest.length > 0 || rateText === undefined || rateText.trim() === '' || !(rate >= 0 && rate <= 1)) problems.push(`"${entry}" needs a rate between 0 and 1, as in ${kind}:0.01`);
    else rates[kind as FaultKind] = rate;
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  return rates;
}

export function anyFaults(rates: FaultRates): boolean {
  return FAULT_KINDS.some((k) => rates[k] > 0);
}
