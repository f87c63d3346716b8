/**
 * The rich federated query: fields of all five subgraphs, `first` payments per wallet. The read
 * benchmark sends it (ten payments); the statement test counts what it costs at 10 and 100.
 * `first` is written into the document: a variable would be costed at the page cap.
 */
export const richQuery = (first: number): string => /* GraphQL */ `
  query Rich {
    me {
      id
      displayName
      fundingSources {
        id
      }
      wallets {
        id
        balance {
          amount
          currency
        }
        payments(first: ${first}) {
          edges {
            node {
              id
              kind
              status
              amount {
                amount
                currency
              }
              riskAssessment {
                score
                decision
              }
              cashback {
                amount
              }
              destinationWallet {
                id
                owner {
                  displayName
                }
              }
            }
          }
        }
      }
    }
  }
`;
