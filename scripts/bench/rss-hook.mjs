// Preloaded into a measured Node child where GNU time is missing: as the process exits, writes its peak RSS (VmHWM
// from /proc/self/status) and CPU time to the file TF_BENCH_RSS_OUT names.
import * as fs from 'fs';

const out = process.env.TF_BENCH_RSS_OUT;
delete process.env.TF_BENCH_RSS_OUT;
if (out)
  process.on('exit', () => {
    try {
      const status = fs.readFileSync('/proc/self/status', 'utf8');
      const cpu = process.cpuUsage();
      fs.writeFileSync(out, `${status}\ncpuMs: ${(cpu.user + cpu.system) / 1000}\n`);
    } catch {
      /* no /proc: no memory figure */
    }
  });
