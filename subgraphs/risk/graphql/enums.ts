import { registerEnumType } from 'type-graphql';
import { alertResolution, alertSeverity, alertStatus, riskDecision } from '../contract';

/** What risk decided about a payment. */
export const RiskDecisionEnum = riskDecision.enum;
export type RiskDecisionEnum = (typeof RiskDecisionEnum)[keyof typeof RiskDecisionEnum];
registerEnumType(RiskDecisionEnum, {
  name: 'RiskDecision',
  description: "Risk's decision about a payment, by the band its score falls in.",
  valuesConfig: {
    APPROVE: { description: 'The payment goes ahead.' },
    CHALLENGE: { description: 'The payer must confirm with a TOTP code (verifyPayment).' },
    REVIEW: { description: 'The payment is held for an analyst, and an alert is raised.' },
    DECLINE: { description: 'The payment is refused, and an alert is raised.' },
  },
});

export const AlertSeverityEnum = alertSeverity.enum;
export type AlertSeverityEnum = (typeof AlertSeverityEnum)[keyof typeof AlertSeverityEnum];
registerEnumType(AlertSeverityEnum, {
  name: 'AlertSeverity',
  description: 'How urgent a fraud alert is, by the score that raised it.',
  valuesConfig: {
    LOW: { description: 'Worth a look.' },
    MEDIUM: { description: 'Look today.' },
    HIGH: { description: 'Look now.' },
    CRITICAL: { description: 'The account was frozen when it was raised.' },
  },
});

export const AlertStatusEnum = alertStatus.enum;
export type AlertStatusEnum = (typeof AlertStatusEnum)[keyof typeof AlertStatusEnum];
registerEnumType(AlertStatusEnum, {
  name: 'AlertStatus',
  description: 'Where a fraud alert stands.',
  valuesConfig: {
    OPEN: { description: 'Waiting for an analyst.' },
    CONFIRMED_FRAUD: {
      description: 'An analyst confirmed fraud: the payment was declined and the account frozen.',
    },
    FALSE_POSITIVE: { description: 'An analyst cleared it: a held payment was released.' },
  },
});

export const AlertResolutionEnum = alertResolution.enum;
export type AlertResolutionEnum = (typeof AlertResolutionEnum)[keyof typeof AlertResolutionEnum];
registerEnumType(AlertResolutionEnum, {
  name: 'AlertResolution',
  description: "An analyst's verdict on an alert.",
  valuesConfig: {
    CONFIRMED_FRAUD: {
      description: 'Fraud: decline the payment (its hold is voided) and freeze the account.',
    },
    FALSE_POSITIVE: { description: 'Not fraud: release a held payment so that it completes.' },
  },
});

export enum BlockListKindEnum {
  ACCOUNT = 'ACCOUNT',
  MERCHANT = 'MERCHANT',
  FUNDING_SOURCE = 'FUNDING_SOURCE',
  FUNDING_FINGERPRINT = 'FUNDING_FINGERPRINT',
}
registerEnumType(BlockListKindEnum, {
  name: 'BlockListKind',
  description: 'What a block-list entry names; a payment that involves it fires the LISTED rule.',
  valuesConfig: {
    ACCOUNT: { description: 'A payee account, by id.' },
    MERCHANT: { description: 'A merchant, by name (case does not matter).' },
    FUNDING_SOURCE: {
      description: "A card or bank account, by id; its instrument's fingerprint is blocked too.",
    },
    FUNDING_FINGERPRINT: { description: "A card's or bank account's keyed fingerprint, on any account." },
  },
});

export enum ReportFormatEnum {
  JSON = 'JSON',
  CSV = 'CSV',
}
registerEnumType(ReportFormatEnum, {
  name: 'ReportFormat',
  description: 'How a suspicious activity report is exported.',
  valuesConfig: {
    JSON: { description: 'One JSON document with the payments in it.' },
    CSV: { description: 'RFC 4180 CSV: a header, then one line per payment.' },
  },
});
