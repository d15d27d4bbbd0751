// Measures a piece of work's wall time and the peak RSS of the process that runs it.

const MB = 1024 * 1024;

/** Samples this process's RSS every 20 ms while `work` runs: the peak, in MB. */
export const withPeakRss = async <T>(
  work: () => Promise<T>,
): Promise<{ result: T; peakMb: number; seconds: number }> => {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakMb: peak / MB, seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
};
