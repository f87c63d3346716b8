/**
 * The password of every demo account `npm run seed` makes: published in the README, so it must
 * never guard a real account (the seed and create-analyst refuse it in production).
 */
export const DEMO_PASSWORD = 'demo passphrase 2026';
