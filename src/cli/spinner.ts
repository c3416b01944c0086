// A progress line on stderr for anything that takes more than a second, and only on a terminal:
// when stderr is a file or a pipe nothing is written at all.

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): boolean;
}

export interface Spinner {
  /** Clears the line (if anything was drawn) and stops; safe to call twice. */
  stop(): void;
}

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

export interface SpinnerOptions {
  /** Nothing is drawn before this many milliseconds (default 1000). */
  delayMs?: number;
  /** Time between frames (default 100). */
  intervalMs?: number;
}

export function startSpinner(stream: ProgressStream, label: string, options: SpinnerOptions = {}): Spinner {
  if (stream.isTTY !== true) return { stop() {} };
  const started = Date.now();
  const intervalMs = options.intervalMs ?? 100;
  let frame = 0;
  let drawn = false;
  let interval: NodeJS.Timeout | undefined;
  const draw = () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stream.write(`\r${SPINNER_FRAMES[frame % SPINNER_FRAMES.length]} ${label} ${seconds}s\x1b[K`);
    frame++;
    drawn = true;
  };
  const delay = setTimeout(() => {
    draw();
    interval = setInterval(draw, intervalMs);
    interval.unref();
  }, options.delayMs ?? 1000);
  delay.unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(delay);
      if (interval) clearInterval(interval);
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

/** Runs work with a spinner on the stream, stopping it however the work ends. */
export async function withSpinner<T>(
  stream: ProgressStream,
  label: string,
  work: () => Promise<T>,
  options?: SpinnerOptions,
): Promise<T> {
  const spinner = startSpinner(stream, label, options);
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}
