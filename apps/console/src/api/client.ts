/**
 * The GraphQL client: urql over /graphql for queries and mutations, and its subscription exchange
 * over the transport of subscriptions.ts. Every request carries the session's token in a header.
 */
import { Client, fetchExchange, subscriptionExchange } from 'urql';
import type { SubscriptionClient } from './subscriptions';

export function createGraphqlClient(token: string, subscriptions: SubscriptionClient): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => {
            const unsubscribe = subscriptions.subscribe({ query: request.query ?? '', ...(request.variables === undefined ? {} : { variables: request.variables }) }, {
              next: (value) => {
                sink.next(value as never);
              },
              error: (error) => {
                sink.error(error);
              },
              complete: () => {
                sink.complete();
              },
            });
            return { unsubscribe };
          },
        }),
      }),
    ],
  });
}
