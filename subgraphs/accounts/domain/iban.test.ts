import { ErrorCode, type AppError } from '../../../platform/errors';
import { checkIban } from './iban';

describe('checkIban', () => {
  it('accepts an IBAN with spaces and lower case, and masks it', () => {
    expect(checkIban('de89 3704 0044 0532 0130 00')).toEqual({
      iban: 'DE89370400440532013000',
      masked: 'DE89 •••• 3000',
      last4: '3000',
    });
    expect(checkIban('GB82WEST12345698765432').masked).toBe('GB82 •••• 5432');
  });

  it.each(['DE89370400440532013001', 'DE8937040044053201300', 'XX89370400440532013000', '', 'not an iban'])(
    'refuses %p with BAD_USER_INPUT on input.iban',
    (iban) => {
      expect.assertions(2);
      try {
        checkIban(iban);
      } catch (error) {
        expect((error as AppError).code).toBe(ErrorCode.BadUserInput);
        expect((error as AppError).field).toBe('input.iban');
      }
    },
  );
});
