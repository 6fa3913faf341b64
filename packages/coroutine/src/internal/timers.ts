// Build-time only, as internal/serialize-error.ts: the bundler inlines @skein/sync/timers (it
// imports nothing), so this package still installs and runs without @skein/sync.
export { startTimer, stopTimer, type TimerHandle } from '@skein/sync/timers';
