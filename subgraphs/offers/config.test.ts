import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../platform/config';
import { loadOffersConfig } from './config';

function rewardsFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'offers-config-')), 'rewards.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('the offers configuration', () => {
  it('reads the checked-in rewards file: 1 point per unit, a cent per point in euros', () => {
    const config = loadOffersConfig({});
    expect(config.pointsPerUnit).toBe(1);
    expect(config.pointValue.get('EUR')).toBe('0.01');
    expect(config.pointValue.get('JPY')).toBe('1');
    expect(config).toMatchObject({ creditRetryIntervalMs: 10_000, creditRetryAfterMs: 30_000 });
  });

  it('lets OFFERS_POINTS_PER_UNIT override the file', () => {
    expect(loadOffersConfig({ OFFERS_POINTS_PER_UNIT: '3' }).pointsPerUnit).toBe(3);
  });

  it('names every bad setting', () => {
    expect(() => loadOffersConfig({ OFFERS_POINTS_PER_UNIT: '-1' })).toThrow(/OFFERS_POINTS_PER_UNIT/);
    expect(() => loadOffersConfig({ OFFERS_REWARDS_PATH: '/nowhere/rewards.json' })).toThrow(
      /OFFERS_REWARDS_PATH/,
    );
    const bad = rewardsFile({ pointsPerUnit: 1, pointValue: { EUR: '0', XXZ: '0.01' } });
    expect(() => loadOffersConfig({ OFFERS_REWARDS_PATH: bad })).toThrow(ConfigError);
    expect(() => loadOffersConfig({ OFFERS_REWARDS_PATH: bad })).toThrow(
      /pointValue\.EUR[\s\S]*pointValue\.XXZ/,
    );
  });
});
