import type { Command } from '../command.js'
import type {
  AlterSubscriptionInput,
  CreateSubscriptionInput,
  Subscription,
  SubscriptionDescription,
} from '../subscription-types.js'
import { segment } from './segment.js'

const subscriptionPath = (name: string) => `/v1/subscriptions/${segment(name)}`

/** `POST /v1/subscriptions`; `SubscriptionExistsError`, or `TopicNotFoundError` for the topic or dead-letter topic. */
export function createSubscription(input: CreateSubscriptionInput): Command<Subscription> {
  return {
    request: { method: 'POST', path: '/v1/subscriptions', body: JSON.stringify(input) },
    context: { topic: input.topic },
    parse: (response) => response.body as Subscription,
  }
}

/** Every subscription, sorted by name. */
export function listSubscriptions(): Command<Subscription[]> {
  return {
    request: { method: 'GET', path: '/v1/subscriptions' },
    context: {},
    parse: (response) => (response.body as { subscriptions: Subscription[] }).subscriptions,
  }
}

/** The subscription and each partition's delivery; `SubscriptionNotFoundError`. */
export function describeSubscription(name: string): Command<SubscriptionDescription> {
  return {
    request: { method: 'GET', path: subscriptionPath(name) },
    context: {},
    parse: (response) => response.body as SubscriptionDescription,
  }
}

/** Pauses, resumes or changes a subscription (`PATCH`); fields left out keep their values. */
export function alterSubscription(name: string, input: AlterSubscriptionInput): Command<Subscription> {
  return {
    request: { method: 'PATCH', path: subscriptionPath(name), body: JSON.stringify(input) },
    context: {},
    parse: (response) => response.body as Subscription,
  }
}

/** Stops delivery and deletes the subscription; its group and offsets stay. */
export function deleteSubscription(name: string): Command<void> {
  return {
    request: { method: 'DELETE', path: subscriptionPath(name) },
    context: {},
    parse: () => undefined,
  }
}
