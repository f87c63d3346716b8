import { registerEnumType } from 'type-graphql';

/** What money was spent on; the same enum as payments', value for value. */
export enum SpendingCategory {
  DINING = 'DINING',
  GROCERIES = 'GROCERIES',
  TRAVEL = 'TRAVEL',
  TRANSPORT = 'TRANSPORT',
  SHOPPING = 'SHOPPING',
  ENTERTAINMENT = 'ENTERTAINMENT',
  UTILITIES = 'UTILITIES',
  HEALTH = 'HEALTH',
  OTHER = 'OTHER',
}

registerEnumType(SpendingCategory, {
  name: 'SpendingCategory',
  description: 'What money was spent on, for merchant payments, insights and offers.',
  valuesConfig: {
    DINING: { description: 'Restaurants, cafés and bars.' },
    GROCERIES: { description: 'Supermarkets and food shops.' },
    TRAVEL: { description: 'Flights, hotels and holidays.' },
    TRANSPORT: { description: 'Public transport, taxis, fuel and parking.' },
    SHOPPING: { description: 'Clothes, electronics and other retail.' },
    ENTERTAINMENT: { description: 'Cinema, concerts, games and streaming.' },
    UTILITIES: { description: 'Energy, water, phone and internet.' },
    HEALTH: { description: 'Pharmacies, doctors and fitness.' },
    OTHER: { description: 'Anything else.' },
  },
});
