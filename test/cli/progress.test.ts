import { describe, expect, it } from 'vitest';
import { ProgressReporter, type Verbosity } from '../../src/cli/progress.js';

function reporter(isTTY: boolean, verbosity: Verbosity = 'normal', env: Record<string, string> = {}) {
  let text = '';
  const progress = new ProgressReporter({
    stream: { write: (chunk: string) => (text += chunk), isTTY, columns: 80 },
    env,
    verbosity,
    now: () => 1_000_000 + text.length * 100,
  });
  return { progress, text: () => text };
}

const running = { account: 'acc', scope: 'account', type: 'access_application', requests: 1, retries: 1, items: 10 };
const done = { ...running, requests: 2, items: 12, status: 'ok' as const };

describe('ProgressReporter', () => {
  it('prints plain key=value lines when stderr is not a terminal', () => {
    const { progress, text } = reporter(false);
    progress.update(running);
    progress.update(done);
    progress.summary('done');
    expect(text()).toBe('collect account=acc type=access_application status=ok items=12 requests=2 retries=1\ndone\n');
  });

  it('draws a live line on a terminal, in colour unless NO_COLOR is set', () => {
    const live = reporter(true);
    live.progress.update(running);
    live.progress.update(done);
    live.progress.close();
    expect(live.text()).toContain('\r\u001b[2K');
    expect(live.text()).toContain('collecting: 0/1 types, 1 requests, 1 retries; reading access_application');
    expect(live.text()).toContain('\u001b[32mok\u001b[0m');

    const plain = reporter(true, 'normal', { NO_COLOR: '1' });
    plain.progress.update(done);
    expect(plain.text()).not.toContain('\u001b[32m');
    expect(plain.text()).toContain('ok  access_application');
  });

  it('--quiet keeps warnings and the summary; --verbose adds details', () => {
    const quiet = reporter(true, 'quiet');
    quiet.progress.update(running);
    quiet.progress.update(done);
    quiet.progress.info('info');
    quiet.progress.warn('warned');
    quiet.progress.summary('summary');
    expect(quiet.text()).toBe('\u001b[33mwarning: warned\u001b[0m\nsummary\n');

    const verbose = reporter(false, 'verbose');
    verbose.progress.detail('retry 1');
    expect(verbose.text()).toBe('retry 1\n');
    const normal = reporter(false);
    normal.progress.detail('retry 1');
    expect(normal.text()).toBe('');
  });
});

describe('ProgressReporter with hostile text', () => {
  const evil = 'HTTP 403 \u001b]0;owned\u0007\u001b[2J\rfake line\u009b31m';

  it('shows API error text and warnings with their control characters made visible', () => {
    for (const isTTY of [false, true]) {
      const { progress, text } = reporter(isTTY, 'verbose');
      progress.update({ ...done, status: 'error', message: evil });
      progress.warn(evil);
      progress.info(evil);
      progress.detail(evil);
      progress.close();
      const foreign = text().replace(/\u001b\[[0-9;]*m|\r\u001b\[2K/g, '');
      expect(foreign).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
      expect(foreign).toContain('\\x1b]0;owned\\x07\\x1b[2J\\x0dfake line\\x9b31m');
    }
  });
});
