// Preloaded (`node --import`) into a command the benchmark times: when the process exits, writes its own
// resource usage (peak RSS, user and system CPU time) as JSON to the file $CFAA_BENCH_USAGE_FILE names.
// Plain JavaScript, so that the measured process loads nothing besides what users run.
import { writeFileSync } from 'node:fs';

const file = process.env.CFAA_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ maxRssKb: usage.maxRSS, userUs: usage.userCPUTime, systemUs: usage.systemCPUTime }),
    );
  });
}
