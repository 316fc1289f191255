/**
 * A policy (or an Access group) as a disjunction of terms: each term is a conjunction of selector atoms
 * minus the terms it excludes. Include is "any rule matches", require "every rule matches", exclude "no
 * rule matches"; a group rule stands for the group's own include/require/exclude, resolved recursively.
 * https://developers.cloudflare.com/cloudflare-one/access-controls/policies/#cloudflare-access-rule-types
 * https://developers.cloudflare.com/cloudflare-one/access-controls/policies/groups/
 */
import { asArray, isObject, str, type Data } from '../common/values.js';
import type { Principal, Tri } from './principal.js';
import { triAnd, triNot, triOr } from './principal.js';
import { ruleParts, selectorSpec, type SelectorContext } from './selectors.js';

export interface Atom {
  selector: string;
  body: Data;
  /** Canonical text of the rule, equal for equal rules. */
  key: string;
  /** Access groups (ids) this atom was reached through, outermost first. */
  via: string[];
}

export interface Term {
  atoms: Atom[];
  /** The term does not match when any of these does. */
  excludes: Term[];
}

export interface Expansion {
  terms: Term[];
  /** Access groups that could not be resolved (missing, or part of a cycle). */
  unresolved: { id: string; reason: 'missing' | 'cycle' }[];
  /** More terms than MAX_TERMS: the list holds the first ones only. */
  truncated: boolean;
}

/** Upper bound on the terms of one policy (a require over large groups multiplies). */
export const MAX_TERMS = 512;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function atomKey(selector: string, body: Data): string {
  return `${selector}:${canonical(body)}`;
}

class Expander {
  readonly unresolved: Expansion['unresolved'] = [];
  truncated = false;

  private readonly groups: ReadonlyMap<string, Data>;

  constructor(groups: ReadonlyMap<string, Data>) {
    this.groups = groups;
  }

  any(rules: unknown, via: string[], stack: string[]): Term[] {
    const out: Term[] = [];
    for (const rule of asArray(rules)) {
      for (const t of this.rule(rule, via, stack)) {
        if (out.length >= MAX_TERMS) {
          this.truncated = true;
          return out;
        }
        out.push(t);
      }
    }
    return out;
  }

  all(rules: unknown, via: string[], stack: string[]): Term[] {
    let acc: Term[] = [{ atoms: [], excludes: [] }];
    for (const rule of asArray(rules)) {
      const options = this.rule(rule, via, stack);
      const next: Term[] = [];
      for (const t of acc) {
        for (const u of options) {
          if (next.length >= MAX_TERMS) {
            this.truncated = true;
            break;
          }
          next.push({ atoms: [...t.atoms, ...u.atoms], excludes: [...t.excludes, ...u.excludes] });
        }
      }
      acc = next;
    }
    return acc;
  }

  /** include × require, each term also excluding the holder's exclude rules. */
  holder(holder: Data, via: string[], stack: string[]): Term[] {
    const includes = this.any(holder.include, via, stack);
    const requires = this.all(holder.require, via, stack);
    const excludes = this.any(holder.exclude, via, stack);
    const out: Term[] = [];
    for (const i of includes) {
      for (const r of requires) {
        if (out.length >= MAX_TERMS) {
          this.truncated = true;
          return out;
        }
        out.push({ atoms: [...i.atoms, ...r.atoms], excludes: [...i.excludes, ...r.excludes, ...excludes] });
      }
    }
    return out;
  }

  private rule(rule: unknown, via: string[], stack: string[]): Term[] {
    const parts = ruleParts(rule);
    if (!parts) return [this.atomTerm('invalid_rule', { rule: rule as unknown }, via)];
    if (parts.selector !== 'group') return [this.atomTerm(parts.selector, parts.body, via)];
    const id = str(parts.body.id) ?? '';
    const group = this.groups.get(id);
    if (!group || stack.includes(id)) {
      this.unresolved.push({ id, reason: group ? 'cycle' : 'missing' });
      return [this.atomTerm('group', parts.body, via)];
    }
    return this.holder(group, [...via, id], [...stack, id]);
  }

  private atomTerm(selector: string, body: Data, via: string[]): Term {
    return { atoms: [{ selector, body, key: atomKey(selector, body), via }], excludes: [] };
  }
}

/** The terms of a policy or group (`include`/`require`/`exclude` holder). */
export function expand(holder: unknown, groups: ReadonlyMap<string, Data>): Expansion {
  const e = new Expander(groups);
  const terms = isObject(holder) ? e.holder(holder, [], []) : [];
  return { terms, unresolved: e.unresolved, truncated: e.truncated };
}

export function atomMatches(atom: Atom, principal: Principal, ctx: SelectorContext): Tri {
  return selectorSpec(atom.selector).match(atom.body, principal, ctx);
}

export function termMatches(term: Term, principal: Principal, ctx: SelectorContext): Tri {
  const own = triAnd(term.atoms.map((a) => atomMatches(a, principal, ctx)));
  if (own === false || term.excludes.length === 0) return own;
  return triAnd([own, triNot(triOr(term.excludes.map((t) => termMatches(t, principal, ctx))))]);
}

export function termsMatch(terms: readonly Term[], principal: Principal, ctx: SelectorContext): Tri {
  return triOr(terms.map((t) => termMatches(t, principal, ctx)));
}
