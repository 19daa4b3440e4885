// CPU time by process and thread (Linux /proc), for benchmarks on a shared machine:
// where a run's time went when every process competes for the same cores (the server,
// IndexedDB's backend in the browser process, the page, the workers, the IPC threads).
import fs from 'node:fs';

/** Every thread's CPU seconds so far, keyed by pid/tid, with a label "process | thread". */
export function cpuNow() {
  const out = new Map();
  for (const pid of fs.readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    try {
      // Chromium rewrites its children's command lines with spaces, not NULs.
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
      const type = (cmd.find(a => a.startsWith('--type=')) || '').slice(7);
      const sub = (cmd.find(a => a.startsWith('--utility-sub-type=')) || '').slice(19).split('.').pop();
      const proc = cmd[0].includes('chrom') ? `chromium ${type || 'browser'}${sub ? ` ${sub}` : ''}` : cmd.slice(0, 2).join(' ').slice(-40);
      for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, 'N');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${pid}/${tid}`, [`${proc} | ${comm}`, (Number(f[11]) + Number(f[12])) / 100]);
      }
    } catch { /* a process or thread that ended meanwhile */ }
  }
  return out;
}

/** CPU seconds used since `before` (a `cpuNow()`), summed by label, largest first; the
 *  total and the `top` largest as lines. */
export function cpuSince(before, top = 8) {
  const by = new Map();
  for (const [key, [label, t]] of cpuNow()) {
    const d = t - ((before.get(key) || [])[1] || 0);
    if (d > 0) by.set(label, (by.get(label) || 0) + d);
  }
  const sorted = [...by].sort((x, y) => y[1] - x[1]);
  const total = sorted.reduce((s, [, t]) => s + t, 0);
  return { total, lines: sorted.slice(0, top).map(([k, t]) => `${t.toFixed(1).padStart(6)} s  ${k}`) };
}
