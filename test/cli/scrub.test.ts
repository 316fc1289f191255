import { describe, expect, it } from 'vitest';
import { guardTerminal, scrubText, scrubberFor, scrubbingIo, secretsOf } from '../../src/cli/scrub.js';
import type { CliIo } from '../../src/cli/io.js';

describe('scrubText', () => {
  it('replaces a credential raw, JSON-escaped and HTML-escaped', () => {
    const secret = 'tok"en<=/x';
    const text = `raw ${secret} json ${JSON.stringify(secret)} html tok&quot;en&lt;&#x3D;/x`;
    expect(scrubText(text, [secret])).toBe('raw [REDACTED] json "[REDACTED]" html [REDACTED]');
  });

  it('is the identity without secrets, and takes its secrets from credentials', () => {
    expect(scrubberFor([])('abc')).toBe('abc');
    expect(secretsOf({ kind: 'token', token: 'abcdef' })).toEqual(['abcdef']);
    expect(secretsOf({ kind: 'key', email: 'a@example.com', key: 'k3y-value' })).toEqual(['k3y-value']);
  });
});

describe('the stderr guard', () => {
  it("keeps the reporter's colours and line clearing, and escapes every other control sequence", () => {
    expect(guardTerminal('\u001b[31mred\u001b[0m\r\u001b[2Kline\n')).toBe('\u001b[31mred\u001b[0m\r\u001b[2Kline\n');
    expect(guardTerminal('name \u001b]0;title\u0007 \u009b2J \rover')).toBe(
      'name \\x1b]0;title\\x07 \\x9b2J \\x0dover',
    );
  });

  it('is applied to stderr by scrubbingIo, even without secrets', () => {
    let err = '';
    let out = '';
    const io: CliIo = {
      stdout: { write: (c: string) => (out += c) },
      stderr: { write: (c: string) => (err += c) },
      env: {},
      cwd: '/',
      now: () => new Date(0),
    };
    const safe = scrubbingIo(io, []);
    safe.stderr.write('a\u001b[2Jb\n');
    safe.stdout.write('c\u001bd\n');
    expect(err).toBe('a\\x1b[2Jb\n');
    expect(out).toBe('c\u001bd\n');
  });
});
