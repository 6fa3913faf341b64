import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

export interface CrawlSettings {
  pages: number;
  concurrency: number;
  workers: number;
  /** `Infinity` when not limited. */
  maxDepth: number;
  seed: number;
}

const OPTIONS = {
  pages: { min: 10, max: 100_000, fallback: 300, help: 'pages on the generated site' },
  concurrency: { min: 1, max: 1000, fallback: 8, help: 'requests in flight at most' },
  workers: { min: 1, max: 64, fallback: availableParallelism(), help: 'parser threads' },
  'max-depth': {
    min: 0,
    max: 10_000,
    fallback: Infinity,
    help: 'links followed from the root at most',
  },
  seed: { min: 0, max: 2 ** 32 - 1, fallback: 1, help: 'which site to generate' },
} as const;
type OptionName = keyof typeof OPTIONS;

export const USAGE = `Crawls a generated site served on 127.0.0.1 and prints what it found.

usage: pnpm --filter @skein/example-crawler start [options]
   or: node dist/main.js [options]

${Object.entries(OPTIONS)
  .map(([name, { min, max, fallback, help }]) => {
    const byDefault = fallback === Infinity ? 'no limit' : String(fallback);
    return `  --${`${name} N`.padEnd(14)} ${help} (${min}-${max}; default: ${byDefault})`;
  })
  .join('\n')}
  -h, --help       this text`;

/** The settings from `argv`; prints the usage and exits on --help (code 0) or a bad option (code 2). */
export function readSettings(argv: string[]): CrawlSettings {
  let values: Partial<Record<OptionName, string>> & { help?: boolean };
  try {
    const stringOptions = Object.fromEntries(
      Object.keys(OPTIONS).map((name) => [name, { type: 'string' as const }]),
    );
    ({ values } = parseArgs({
      args: argv[0] === '--' ? argv.slice(1) : argv, // `pnpm start -- --pages 9` passes the `--` on; npm would not
      options: { ...stringOptions, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return exitWithUsage((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const integer = (name: OptionName): number => {
    const { min, max, fallback } = OPTIONS[name];
    const text = values[name];
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) {
      return exitWithUsage(`--${name} must be an integer from ${min} to ${max}, got '${text}'`);
    }
    return n;
  };
  return {
    pages: integer('pages'),
    concurrency: integer('concurrency'),
    workers: integer('workers'),
    maxDepth: integer('max-depth'),
    seed: integer('seed'),
  };
}

function exitWithUsage(message: string): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}
