import type { Money } from '../../../platform/money';
import { OfferEvents } from '../contract';
import { BudgetAlert } from '../store/budget-alert.entity';
import { Cashback } from '../store/cashback.entity';
import { MerchantSpend } from '../store/merchant-spend.entity';
import type { OffersStores } from '../store/stores';
import { cashbackFor } from './cashback';
import type { SpendingCategory } from './categories';
import { monthOf } from './months';
import { pointsFor } from './points';
import { thresholdsReached } from './thresholds';

/** A completed merchant payment, as `payment.completed` told offers of it. */
export interface CompletedMerchantPayment {
  paymentId: string;
  accountId: string;
  walletId: string;
  category: SpendingCategory;
  amount: Money;
  completedAt: Date;
}

/** What recording a payment needs besides its stores. */
export interface IntakeSettings {
  pointsPerUnit: number;
  newId: () => string;
  now: Date;
}

/**
 * Takes one completed merchant payment in, inside the transaction that marks its event
 * processed: its spending, its points, the cashback each activated offer owes on it, and the
 * budget thresholds it reached. Returns the ids of the cashback to credit once committed; a
 * payment seen before (under another event id) changes nothing.
 */
export async function recordMerchantPayment(
  stores: OffersStores,
  payment: CompletedMerchantPayment,
  settings: IntakeSettings,
): Promise<string[]> {
  const { amount, accountId } = payment;
  const spend = Object.assign(new MerchantSpend(), {
    paymentId: payment.paymentId,
    accountId,
    walletId: payment.walletId,
    category: payment.category,
    currency: amount.currency,
    amountMinor: amount.minor,
    month: monthOf(payment.completedAt),
    completedAt: payment.completedAt,
  });
  if (!(await stores.spending.add(spend))) return [];
  await stores.rewards.addPoints(accountId, pointsFor(amount, settings.pointsPerUnit), settings.now);
  const cashbackIds = await owedCashback(stores, payment, settings);
  await checkBudget(stores, payment, spend.month, settings);
  return cashbackIds;
}

async function owedCashback(
  stores: OffersStores,
  payment: CompletedMerchantPayment,
  settings: IntakeSettings,
): Promise<string[]> {
  const activated = (await stores.catalogue.activatedBy([payment.accountId])).get(payment.accountId)!;
  const offers = (await stores.catalogue.offers([...activated])).filter(
    (offer) => offer.category === payment.category && offer.currency === payment.amount.currency,
  );
  const byOffer = new Map(offers.map((offer) => [offer.id, offer]));
  const activations = await stores.rewards.lockedActivations(payment.accountId, [...byOffer.keys()]);
  const ids: string[] = [];
  for (const activation of activations) {
    const offer = byOffer.get(activation.offerId)!;
    const earned = cashbackFor(offer, activation, {
      category: payment.category,
      currency: payment.amount.currency,
      amountMinor: payment.amount.minor,
      completedAt: payment.completedAt,
    });
    if (earned === 0n) continue;
    activation.cashbackEarnedMinor += earned;
    const cashback = Object.assign(new Cashback(), {
      id: settings.newId(),
      offerId: offer.id,
      accountId: payment.accountId,
      paymentId: payment.paymentId,
      walletId: payment.walletId,
      amountMinor: earned,
      currency: payment.amount.currency,
      status: 'PENDING' as const,
      createdAt: settings.now,
      updatedAt: settings.now,
    });
    stores.rewards.addCashback(cashback);
    ids.push(cashback.id);
  }
  return ids;
}

/** Records and announces each threshold the month's spending has reached and not announced yet. */
async function checkBudget(
  stores: OffersStores,
  payment: CompletedMerchantPayment,
  month: string,
  settings: IntakeSettings,
): Promise<void> {
  const { accountId, category } = payment;
  const currency = payment.amount.currency;
  const budget = await stores.budgets.lockedBudget(accountId, category, currency);
  if (!budget) return;
  const spent = await stores.spending.monthSpent(accountId, category, currency, month);
  const alerted = await stores.budgets.alertedThresholds(budget.id, month);
  for (const threshold of thresholdsReached(spent, budget.limitMinor)) {
    if (alerted.has(threshold)) continue;
    const alert = Object.assign(new BudgetAlert(), {
      id: settings.newId(),
      budgetId: budget.id,
      accountId,
      category,
      currency,
      month,
      threshold,
      spentMinor: spent,
      limitMinor: budget.limitMinor,
      paymentId: payment.paymentId,
      crossedAt: payment.completedAt,
    });
    stores.budgets.addAlert(alert);
    stores.record(
      OfferEvents.budgetThreshold,
      {
        alertId: alert.id,
        accountId,
        budgetId: budget.id,
        category,
        month,
        thresholdPercent: threshold,
        spentMinor: spent.toString(),
        limitMinor: budget.limitMinor.toString(),
        currency,
        paymentId: payment.paymentId,
        crossedAt: payment.completedAt.toISOString(),
      },
      settings.now,
    );
  }
}
