import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { appsForTargetMatcher, criterionMatches } from '../../src/engine/target-match.js';

/** The JSONata the covered-by-application rule used before `$appsForTarget` (the reference semantics). */
const REFERENCE = jsonata(`(
  $t := target;
  $tagHit := function($vals, $k) { $lookup($t.tags, $k) in $vals };
  $anyMatch := function($sel) {
    $exists($sel.tags.$each($tagHit)[$]) or $t.hostname in $sel.target_attributes.hostname
  };
  $allMatch := function($sel) {
    $count($sel.tags.$each($tagHit)[$not($)]) = 0
      and ($not($exists($sel.target_attributes.hostname)) or $t.hostname in $sel.target_attributes.hostname)
  };
  $legacyMatch := function($attrs) {
    $count($attrs.$each(function($vals, $k) {
      $k = 'hostname' ? $t.hostname in $vals : $lookup($t.tags, $k) in $vals
    })[$not($)]) = 0
  };
  $c := criterion;
  ($exists($c.include) or $exists($c.require) or $exists($c.target_attributes))
    and ($exists($c.include) ? $anyMatch($c.include) : true)
    and ($exists($c.require) ? $allMatch($c.require) : true)
    and ($exists($c.exclude) ? $not($anyMatch($c.exclude)) : true)
    and ($exists($c.target_attributes) ? $legacyMatch($c.target_attributes) : true)
)`);

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('$appsForTarget matching', () => {
  it('agrees with the reference JSONata on random targets and criteria', async () => {
    const rand = prng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const values = ['prod', 'dev', 'staging'];
    const hosts = ['db-1', 'db-2', 'bastion'];
    const maybe = <T>(make: () => T): T | undefined => (rand() < 0.5 ? make() : undefined);
    const valueList = () => (rand() < 0.2 ? pick(values) : values.filter(() => rand() < 0.5));
    const tags = () => Object.fromEntries(['env', 'team'].filter(() => rand() < 0.6).map((k) => [k, valueList()]));
    const selector = () => ({
      ...(rand() < 0.7 ? { tags: tags() } : {}),
      ...(rand() < 0.4
        ? { target_attributes: { hostname: rand() < 0.2 ? pick(hosts) : hosts.filter(() => rand() < 0.5) } }
        : {}),
    });
    const criterion = () => ({
      port: 22,
      ...Object.fromEntries(
        Object.entries({ include: maybe(selector), require: maybe(selector), exclude: maybe(selector) }).filter(
          ([, v]) => v !== undefined,
        ),
      ),
      ...(rand() < 0.3
        ? {
            target_attributes: {
              ...(rand() < 0.5 ? { hostname: [pick(hosts)] } : {}),
              ...(rand() < 0.5 ? { env: [pick(values)] } : {}),
            },
          }
        : {}),
      ...(rand() < 0.05 ? { include: null } : {}),
    });
    const target = () => ({
      hostname: pick(hosts),
      ...(rand() < 0.8
        ? { tags: Object.fromEntries(['env', 'team'].filter(() => rand() < 0.7).map((k) => [k, pick(values)])) }
        : {}),
    });
    let matched = 0;
    for (let i = 0; i < 400; i++) {
      const c = criterion();
      const t = target();
      const expected = (await REFERENCE.evaluate({ criterion: c, target: t })) === true;
      expect({ c, t, match: criterionMatches(c, t) }).toEqual({ c, t, match: expected });
      if (expected) matched++;
    }
    expect(matched).toBeGreaterThan(40);
    expect(matched).toBeLessThan(360);
  });

  it('returns the applications with a matching criterion', () => {
    const apps = [
      { id: 'a', type: 'infrastructure', target_criteria: [{ include: { tags: { env: ['prod'] } } }] },
      { id: 'b', type: 'rdp', target_criteria: [{ target_attributes: { hostname: ['db-1'] } }] },
      { id: 'c', type: 'self_hosted' },
    ];
    const match = appsForTargetMatcher(apps);
    expect(match({ hostname: 'db-1', tags: { env: 'prod' } }).map((a) => a.id)).toEqual(['a', 'b']);
    expect(match({ hostname: 'db-2', tags: { env: 'dev' } })).toEqual([]);
    expect(match('not a target')).toEqual([]);
  });
});
