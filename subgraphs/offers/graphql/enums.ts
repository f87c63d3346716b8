import { registerEnumType } from 'type-graphql';
import { spendingCategory, SPENDING_CATEGORY_DESCRIPTIONS } from '../../payments/contract';
import type { SpendingCategory as Category } from '../domain/categories';

/** What money was spent on: payments' enum, value for value and word for word. */
export const SpendingCategory = spendingCategory.enum;
export type SpendingCategory = Category;

registerEnumType(SpendingCategory, {
  name: 'SpendingCategory',
  description: 'What money was spent on, for merchant payments, insights and offers.',
  valuesConfig: SPENDING_CATEGORY_DESCRIPTIONS,
});
