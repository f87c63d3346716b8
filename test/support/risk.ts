import { newId } from '../../platform/ids';
import { PaymentEvents } from '../../subgraphs/payments/contract';
import { RiskEvents } from '../../subgraphs/risk/contract';
import type { TestGraph } from './graph';
import { ok } from './gql';
import { fund, newKey, pay, settled, type Payer, type PaymentView } from './payments';

/** Scenario helpers for the risk tests: assessments, alerts and analyst work through the gateway. */

export interface ReasonView {
  code: string;
  description: string;
  contribution: number;
}

export interface AssessmentView {
  score: number;
  decision: string;
  reasons: ReasonView[];
  ruleSetVersion: string;
  evaluatedAt: string;
}

export interface AlertView {
  id: string;
  severity: string;
  status: string;
  score: number;
  reasons: ReasonView[];
  payment: { id: string } | null;
  account: { id: string };
  resolvedBy: { id: string } | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

export const ALERT_FIELDS = `id severity status score reasons { code description contribution } payment { id }
  account { id } resolvedBy { id } resolvedAt resolutionNote`;

/** A token of a fresh ANALYST. */
export function analystToken(graph: TestGraph): Promise<string> {
  return graph.graph.tokens.signAccount(newId(), ['ANALYST']);
}

/** A payment with its risk assessment, as `token` reads it through the gateway. */
export async function assessed(
  graph: TestGraph,
  token: string,
  paymentId: string,
): Promise<PaymentView & { riskAssessment: AssessmentView | null }> {
  const { payment } = await ok(
    graph.gql<{ payment: PaymentView & { riskAssessment: AssessmentView | null } }>(
      `query ($id: ID!) { payment(id: $id) { id status declineReason amount { amount currency }
        riskAssessment { score decision reasons { code description contribution } ruleSetVersion evaluatedAt } } }`,
      { id: paymentId },
      token,
    ),
  );
  return payment;
}

/** The codes of an assessment's reasons, strongest first. */
export function codesOf(assessment: AssessmentView | null): string[] {
  return assessment?.reasons.map((reason) => reason.code) ?? [];
}

/** The sum of an assessment's contributions. */
export function contributions(assessment: AssessmentView | null): number {
  return assessment?.reasons.reduce((sum, reason) => sum + reason.contribution, 0) ?? 0;
}

/** A transfer of `amount` EUR from `from` to `to`, settled. */
export async function transfer(
  graph: TestGraph,
  from: Payer,
  to: Payer,
  amount: string,
): Promise<PaymentView> {
  const data = await ok(
    pay(graph, from.token, 'transfer', {
      fromWalletId: from.wallets.EUR,
      toWalletId: to.wallets.EUR,
      amount: { amount, currency: 'EUR' },
      idempotencyKey: newKey(),
    }),
  );
  return settled(graph, from.token, data.transfer);
}

/** A merchant payment of `amount` EUR, settled. */
export async function payMerchant(
  graph: TestGraph,
  payer: Payer,
  merchantName: string,
  amount: string,
  category = 'GROCERIES',
): Promise<PaymentView> {
  const data = await ok(
    pay(graph, payer.token, 'payMerchant', {
      walletId: payer.wallets.EUR,
      merchantName,
      category,
      amount: { amount, currency: 'EUR' },
      idempotencyKey: newKey(),
    }),
  );
  return settled(graph, payer.token, data.payMerchant);
}

/** The alert raised for a payment, once risk has raised it, as an analyst reads it. */
export async function alertFor(graph: TestGraph, analyst: string, paymentId: string): Promise<AlertView> {
  const raised = await graph.events.waitFor(RiskEvents.alertRaised, (data) => data.paymentId === paymentId);
  const alerts = await alertsOf(graph, analyst, raised.data.accountId);
  const alert = alerts.find((a) => a.payment?.id === paymentId);
  if (!alert) throw new Error(`no alert listed for payment ${paymentId}`);
  return alert;
}

/** An account's alerts, newest first, as an analyst reads them (`Account.fraudAlerts`). */
export async function alertsOf(graph: TestGraph, analyst: string, accountId: string): Promise<AlertView[]> {
  const { account } = await ok(
    graph.gql<{ account: { fraudAlerts: AlertView[] } }>(
      `query ($id: ID!) { account(id: $id) { fraudAlerts { ${ALERT_FIELDS} } } }`,
      { id: accountId },
      analyst,
    ),
  );
  return account.fraudAlerts;
}

/** An analyst resolves an alert through the gateway. */
export function resolveAlert(
  graph: TestGraph,
  analyst: string,
  input: {
    alertId: string;
    resolution: 'FALSE_POSITIVE' | 'CONFIRMED_FRAUD';
    note: string;
    snooze?: boolean;
  },
) {
  return graph.gql<{ resolveFraudAlert: AlertView }>(
    `mutation ($input: ResolveFraudAlertInput!) { resolveFraudAlert(input: $input) { ${ALERT_FIELDS} } }`,
    { input },
    analyst,
  );
}

/**
 * Waits until risk has learned a payment's final event (it consumes payments' events): the
 * next decision then sees it in the account's history.
 */
export async function learned(graph: TestGraph, paymentId: string): Promise<void> {
  await Promise.race([
    graph.events.waitFor(PaymentEvents.completed, (data) => data.paymentId === paymentId),
    graph.events.waitFor(PaymentEvents.declined, (data) => data.paymentId === paymentId),
  ]);
  await graph.graph.drain();
}

/**
 * A completed top-up that risk has learned of: its history hears of it from payments' events,
 * which may trail the payer's answer, and the rules on the next payment depend on it.
 */
export async function learnedTopUp(graph: TestGraph, payer: Payer, amount: string): Promise<PaymentView> {
  const topUp = await fund(graph, payer, amount);
  await learned(graph, topUp.id);
  return topUp;
}
