import path from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC compiles the services' TypeScript so NestJS gets its decorator metadata.
// Workspace packages resolve to their sources: tests never need a prior build.
const shared = {
  // ES2022 everywhere: files with no tsconfig.json above them (e2e/, scripts/) would otherwise get swc's
  // ES5 default, whose async-to-generator helpers break functions handed to page.evaluate (run in the page).
  plugins: [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022' } })],
  resolve: {
    alias: {
      '@urban-brain/common': path.resolve(__dirname, 'services/common/src/index.ts'),
      '@urban-brain/city-pack': path.resolve(__dirname, 'services/city-pack/src/index.ts'),
      '@urban-brain/proto': path.resolve(__dirname, 'proto/src/index.ts'),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['proto/src/**/*.spec.ts', 'services/*/src/**/*.spec.ts', 'web/src/**/*.spec.ts', 'scripts/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['services/*/test/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          // One file at a time: the files share one broker and one database on a 2-core box.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
