import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../platform/config';
import { loadRuleSet, parseRuleSet } from './rule-set';

const CONFIG = path.join(__dirname, '..', '..', '..', 'config');
const active = readFileSync(path.join(CONFIG, 'risk.yaml'), 'utf8');

describe('risk rule sets', () => {
  it('the checked-in active and candidate rule sets are valid', () => {
    const rules = loadRuleSet(path.join(CONFIG, 'risk.yaml'));
    const candidate = loadRuleSet(path.join(CONFIG, 'risk.shadow.yaml'));
    expect(rules.rules.STRUCTURING.threshold.get('EUR')).toBe(1_000_000n);
    expect(candidate.version).not.toBe(rules.version);
  });

  it('a bad weight is refused with a message naming its key', () => {
    const bad = active.replace(/LARGE_AMOUNT:\n {4}weight: 35/, 'LARGE_AMOUNT:\n    weight: 250');
    expect(() => parseRuleSet(bad, 'risk.yaml')).toThrow(ConfigError);
    expect(() => parseRuleSet(bad, 'risk.yaml')).toThrow(/rules\.LARGE_AMOUNT\.weight/);
  });

  it('an unknown key and an amount that is not one are named', () => {
    expect(() =>
      parseRuleSet(active.replace('historyDays: 90', 'historyDays: 90\nhistoryWeeks: 3'), 'r.yaml'),
    ).toThrow(/historyWeeks/);
    expect(() => parseRuleSet(active.replace("EUR: '30000.00'", "EUR: 'lots'"), 'r.yaml')).toThrow(
      /rules\.VELOCITY\.maxValue\.EUR/,
    );
  });

  it('bands that do not rise are refused', () => {
    expect(() => parseRuleSet(active.replace('review: 65', 'review: 95'), 'r.yaml')).toThrow(/bands/);
  });
});
