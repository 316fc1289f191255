/** Runs a TypeScript entry point in a fresh node process and returns the JSON it prints as its last line. */
import { execFile } from 'node:child_process';

export function runChildJson<T>(script: string, args: string[], nodeFlags: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...nodeFlags, '--import', import.meta.resolve('tsx'), script, ...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${script} failed: ${error.message}${stderr ? `\n${stderr.trim()}` : ''}`));
        return;
      }
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result (last line: ${JSON.stringify(last.slice(0, 200))})`));
      }
    });
  });
}
