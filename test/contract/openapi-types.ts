// Generated from docs/openapi.json by openapi-typescript (`npm run openapi`): do not edit.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document
         * @description The HTTP contract as an OpenAPI 3.1 document: the same as docs/openapi.json in the repository.
         */
        get: operations["openApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API reference page
         * @description This document rendered for people. The page loads nothing from outside the service.
         */
        get: operations["reference"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/reference.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The reference page's script
         * @description The script that renders the reference page, cached for a year: its URL changes with it.
         */
        get: operations["referenceScript"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/topics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List topics */
        get: operations["listTopics"];
        put?: never;
        /** Create a topic */
        post: operations["createTopic"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/topics/{topic}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Describe a topic
         * @description The topic with the start and end offset of each partition.
         */
        get: operations["describeTopic"];
        put?: never;
        post?: never;
        /**
         * Delete a topic
         * @description A topic created again under the same name starts at offset 0 and never shows a record of the old one.
         */
        delete: operations["deleteTopic"];
        options?: never;
        head?: never;
        /**
         * Change a topic
         * @description Partitions only grow (400 otherwise); a new retention applies to records appended after it.
         */
        patch: operations["updateTopic"];
        trace?: never;
    };
    "/v1/topics/{topic}/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Produce records
         * @description A 200 means every record is durable (Kafka's acks=all) and readable at its offset. A request refused changes nothing; a 503 changes nothing unless it carries `outcome: unknown`.
         */
        post: operations["produce"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/topics/{topic}/partitions/{partition}/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Fetch records from a partition
         * @description An offset below `startOffset`, or beyond the last offset handed out, answers 416; one between `endOffset` and the log end answers no records, with `nextOffset` and `endOffset` the offset asked. An answer stays within what a Lambda response holds: it stops before the record that would pass the bound, and `nextOffset` is that record.
         */
        get: operations["fetch"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fetch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fetch several partitions
         * @description An unknown topic (404) or a partition out of range (400) refuses the whole request; a partition whose offset is out of range answers its own error in its place.
         */
        post: operations["fetchMany"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/topics/{topic}/offsets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find offsets
         * @description Per partition, the first offset at or after `timestamp`; without it, the start and end offsets.
         */
        get: operations["topicOffsets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List groups */
        get: operations["listGroups"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{group}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Describe a group
         * @description Members, and per partition the committed offset, lag and lease. Any grant on the group.
         */
        get: operations["describeGroup"];
        put?: never;
        post?: never;
        /**
         * Delete a group
         * @description Refused while any lease is live. Admin on the group.
         */
        delete: operations["deleteGroup"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{group}/members/{memberId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Join or heartbeat
         * @description Never sets `leasesUntil`: a client that never calls the heartbeat sees each lease live until its own expiry.
         */
        put: operations["joinGroup"];
        post?: never;
        /**
         * Leave
         * @description Releases every lease the member owns, live or not, so others take them at once; 204 whether or not the member existed.
         */
        delete: operations["leaveGroup"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{group}/members/{memberId}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Heartbeat and renew every lease
         * @description Sets the member's `leasesUntil` to now + `leaseMs` in one write, releases leases it owns but did not list once their own expiry has passed, and reads the group back: everything a member needs to balance.
         */
        post: operations["heartbeat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{group}/topics/{topic}/partitions/{partition}/lease": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Take or renew a lease
         * @description Granted when the lease is free, expired or already this member's (a renewal keeps the epoch); a member that has not joined is joined by it.
         */
        put: operations["takeLease"];
        post?: never;
        /**
         * Release a lease
         * @description Releasing a lease the member does not hold at that epoch is 409 FENCED.
         */
        delete: operations["releaseLease"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{group}/offsets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read committed offsets
         * @description Without `topic`, only the topics the key may consume (or admin).
         */
        get: operations["groupOffsets"];
        put?: never;
        /**
         * Commit offsets
         * @description A commit past a partition's end offset is 416 (with `startOffset` and `endOffset`); below `startOffset` is accepted. Consume on the group and on the topic.
         */
        post: operations["commitOffsets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/groups/{group}/topics/{topic}/offsets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Reset offsets
         * @description Refused while a lease on the topic is live. Creates the group if it does not exist. Admin on the group.
         */
        put: operations["resetOffsets"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Produce and commit atomically
         * @description All of it happens or none of it: a fenced commit appends nothing. Produce on each produced topic; consume on the commit's group and topic.
         */
        post: operations["transaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List subscriptions */
        get: operations["listSubscriptions"];
        put?: never;
        /**
         * Create a subscription
         * @description Places the group's committed offsets at `startAt`, then delivers every record from there. 400 for a target this service may not deliver to, a group in use, or a dead-letter topic equal to the topic; 404 for a topic or dead-letter topic that does not exist; 409 GROUP_ACTIVE where a consumer took a lease on the group meanwhile.
         */
        post: operations["createSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Describe a subscription
         * @description The subscription and, per partition, its committed offset, lag and delivery state. Consume (or admin) on its topic.
         */
        get: operations["describeSubscription"];
        put?: never;
        post?: never;
        /**
         * Delete a subscription
         * @description Delivery stops (a batch in flight finishes); the group and its committed offsets stay. Admin on its topic and group.
         */
        delete: operations["deleteSubscription"];
        options?: never;
        head?: never;
        /**
         * Change, pause or resume a subscription
         * @description Pausing stops new deliveries (one in flight finishes); resuming continues from the committed offsets. Any `retry` given unblocks a blocked partition. A new target is checked as at creation.
         */
        patch: operations["alterSubscription"];
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys */
        get: operations["listKeys"];
        put?: never;
        /** Create an API key */
        post: operations["createKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete an API key
         * @description Refused within 4 seconds on every instance, at once on the instance that deleted it.
         */
        delete: operations["deleteKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    delivery: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A delivery to a subscription target
         * @description A subscription POSTs each batch to its webhook (or invokes its Lambda function synchronously with the same JSON). A partition's next batch is sent only once the previous one succeeded or was dead-lettered; partitions are delivered in parallel. At least once: a batch may be delivered again (a lost answer, a crash); its `Idempotency-Key` tells. Deliveries carry no API key: the signature authenticates them. Redirects are not followed.
         */
        post: operations["deliver"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** @description What to change; fields not given keep their value, and `batch` and `retry` change only the fields they give. `paused: true` stops new deliveries (one in flight finishes); `false` resumes from the committed offsets. Any `retry` given unblocks a blocked partition. `deadLetterTopic: null` removes it. Admin on the subscription's topic and group; produce on a `deadLetterTopic` set. */
        AlterSubscription: {
            paused?: boolean;
            target?: components["schemas"]["ChangedWebhookTarget"] | components["schemas"]["LambdaTarget"];
            batch?: components["schemas"]["Batch"];
            retry?: components["schemas"]["Retry"];
            deadLetterTopic?: components["schemas"]["Name"] | null;
        };
        /** @description An API key; never its secret. */
        ApiKey: {
            id: string;
            name: string;
            grants: {
                /** @description `topic:<glob>`, `group:<glob>` or `cluster`. */
                resource: string;
                actions: ("produce" | "consume" | "admin")[];
            }[];
            /** @description Milliseconds since the epoch. */
            createdAt: number;
        };
        ApiKeyList: {
            keys: components["schemas"]["ApiKey"][];
        };
        /** @description `maxRecords`: 1 to 10,000 (default 100); `maxBytes`: 1 to 4 MiB (default 1 MiB); `maxWaitMs`: 0 to 300,000 (default 0: deliver at once; else wait up to that long for a batch to fill). */
        Batch: {
            maxRecords?: number;
            maxBytes?: number;
            maxWaitMs?: number;
        };
        /** @description A webhook target as a change gives it: without `secret`, the secret already set is kept. */
        ChangedWebhookTarget: {
            /** @constant */
            type: "webhook";
            url: string;
            secret?: string;
        };
        /** @description At most 99 partitions, each named once; all or nothing. With an `epoch` (which needs `memberId`), the commit holds only while that member's lease of that epoch is live; without one, only while no live lease covers the partition. */
        Commit: {
            topic: components["schemas"]["Name"];
            memberId?: components["schemas"]["Name"];
            offsets: {
                partition: number;
                offset: number;
                epoch?: number;
            }[];
        };
        CommittedOffsets: {
            offsets: {
                topic: components["schemas"]["Name"];
                /** @description A partition of the topic, from 0. */
                partition: number;
                /** @description An offset in a partition. */
                offset: number;
            }[];
        };
        /** @description A new key holding `grants`: never more than the key that creates it holds. */
        CreateKey: {
            name: string;
            grants: components["schemas"]["Grant"][];
        };
        /** @description A new subscription. `group` defaults to `name`, and must be no other subscription's and have no live leases. `deadLetterTopic` must exist (404) and differ from `topic`. `delivery` defaults to `at-least-once`. Admin on `topic` and on the group; produce on `deadLetterTopic`. */
        CreateSubscription: {
            name: components["schemas"]["Name"];
            topic: components["schemas"]["Name"];
            group?: components["schemas"]["Name"];
            target: components["schemas"]["WebhookTarget"] | components["schemas"]["LambdaTarget"];
            batch?: components["schemas"]["Batch"];
            retry?: components["schemas"]["Retry"];
            deadLetterTopic?: components["schemas"]["Name"];
            startAt?: components["schemas"]["StartAt"];
            /** @enum {string} */
            delivery?: "at-least-once" | "exactly-once";
        };
        /** @description A new topic: `partitions` defaults to 1, `retentionMs` to 604800000 (7 days). */
        CreateTopic: {
            name: components["schemas"]["Name"];
            /** @description From 1 to 1024. Partitions only grow. */
            partitions?: number;
            /** @description How long records are kept after they were appended, whatever timestamp they carry: -1 (forever) or at least 1000. A change applies to records appended after it. */
            retentionMs?: number;
        };
        CreatedApiKey: {
            id: string;
            name: string;
            grants: {
                /** @description `topic:<glob>`, `group:<glob>` or `cluster`. */
                resource: string;
                actions: ("produce" | "consume" | "admin")[];
            }[];
            /** @description Milliseconds since the epoch. */
            createdAt: number;
            /** @description Shown this once; the service keeps only its hash. */
            secret: string;
        };
        /** @description What a 2xx answer (or a Lambda's return value) may carry; anything else in it, or a body that is not a JSON object, is ignored. A malformed `failedOffset` or `produce` fails the delivery. */
        DeliveryAnswer: {
            /** @description The records before this offset succeeded: they are committed and delivery resumes at it. At or before the first record: the whole batch failed. */
            failedOffset?: number;
            /** @description Exactly-once subscriptions (at-least-once ones ignore it): records to append in the same transaction as the batch's offset commit, so each delivered batch's output is appended exactly once. Entries as a transaction's `produce`, within its limits (50 partitions with the commit); one the service cannot append (a topic that does not exist, a record too large) fails the delivery. */
            produce?: {
                topic: components["schemas"]["Name"];
                /** @description From 1 to 10,000 records. */
                records: components["schemas"]["ProduceRecord"][];
                encoding?: components["schemas"]["Encoding"];
            }[];
        };
        /** @description A batch of a subscription's records: the JSON body POSTed to a webhook, and the payload a Lambda target is invoked with. */
        DeliveryEvent: {
            subscription: components["schemas"]["Name"];
            topic: components["schemas"]["Name"];
            /** @description The partition the records are of. */
            partition: number;
            /** @description 1 on a batch's first delivery, counting up on each retry of it. */
            attempt: number;
            /**
             * @description How the records' `key` and `value` are written: `utf8` when every key and value of the batch is UTF-8 text, else `base64`.
             * @enum {string}
             */
            encoding: "utf8" | "base64";
            /** @description Consecutive records of one partition, in offset order: at least one, at most the subscription's `batch.maxRecords` and, but for a single record, `batch.maxBytes`. */
            records: components["schemas"]["FetchedRecord"][];
        };
        /**
         * @description How `key` and `value` are written: `utf8` (the default) as text, `base64` as the bytes in standard base64. Headers are text either way.
         * @enum {string}
         */
        Encoding: "utf8" | "base64";
        /** @description Every error: `{"error": {code, message, retriable, ...details}}`. The details beside `code`, `message` and `retriable` depend on the code; a client must accept others. */
        Error: {
            error: {
                code: components["schemas"]["ErrorCode"];
                /** @description What went wrong, for people. */
                message: string;
                /** @description Whether the same request may succeed if sent again. */
                retriable: boolean;
                /** @description INVALID_REQUEST: every problem found; the message is the first. */
                issues?: {
                    path: string;
                    message: string;
                }[];
                topic?: components["schemas"]["Name"];
                /** @description A partition of the topic, from 0. */
                partition?: number;
                group?: components["schemas"]["Name"];
                /** @description SUBSCRIPTION_NOT_FOUND, SUBSCRIPTION_EXISTS: its name. */
                subscription?: components["schemas"]["Name"];
                /** @description RECORD_TOO_LARGE in a fetch: the offset of the record. */
                offset?: number;
                /** @description An offset in a partition. */
                startOffset?: number;
                /** @description An offset in a partition. */
                endOffset?: number;
                /** @description LEASE_HELD, GROUP_ACTIVE, and INVALID_REQUEST of a subscription on a group in use: the member holding the lease. */
                owner?: string;
                /** @description LEASE_HELD: when the lease stops being live. */
                expiresAt?: number;
                /** @description The lease's fencing token: raised on each change of owner. */
                epoch?: number;
                /** @description ALREADY_COMMITTED: the offset committed already. */
                committedOffset?: number;
                /**
                 * @description UNAVAILABLE of a produce or transaction: the write may or may not have landed; retry with the same Idempotency-Key to learn which.
                 * @enum {string}
                 */
                outcome?: "unknown";
                /** @description With `outcome`: the request wrote its partitions separately and some are known to have landed. */
                partial?: boolean;
            };
        };
        /**
         * @description - `INVALID_REQUEST`: Malformed JSON, wrong types, unknown fields, a bad name, a partition out of range or a bad parameter. The message names the field, the rule it broke and the value it got; `issues` lists every problem.
         *     - `UNAUTHENTICATED`: No API key, or an unknown one.
         *     - `FORBIDDEN`: The key lacks the grant.
         *     - `TOPIC_NOT_FOUND`: No such topic.
         *     - `GROUP_NOT_FOUND`: No such group.
         *     - `NOT_FOUND`: No such route, or no such API key.
         *     - `METHOD_NOT_ALLOWED`: The route exists but not with this method; the `Allow` header lists its methods.
         *     - `TOPIC_EXISTS`: A topic of that name exists.
         *     - `SUBSCRIPTION_EXISTS`: A subscription of that name exists.
         *     - `SUBSCRIPTION_NOT_FOUND`: No subscription of that name.
         *     - `LEASE_HELD`: Another member holds a live lease on the partition (`owner`, `expiresAt`).
         *     - `FENCED`: The lease named (member and epoch) is no longer live, or a live lease covers the partition.
         *     - `GROUP_ACTIVE`: A live lease is held on the group (or on the topic being reset).
         *     - `ALREADY_COMMITTED`: The transaction's commit does not move the offset forward: its inputs were processed already (`committedOffset`). Not retriable.
         *     - `RECORD_TOO_LARGE`: A record over 1 MiB (key, value and headers), or, in a fetch, a record no answer can hold: fetch it with `encoding=base64`.
         *     - `PAYLOAD_TOO_LARGE`: A request body over 5 MiB.
         *     - `OFFSET_OUT_OF_RANGE`: An offset below `startOffset` or beyond the end (the details carry `startOffset` and `endOffset`).
         *     - `IDEMPOTENCY_KEY_REUSED`: The same Idempotency-Key with a different body.
         *     - `THROTTLED`: Throttled: retry after a backoff.
         *     - `UNAVAILABLE`: Storage throttled or down: retry after a backoff.
         *     - `INTERNAL`: An unexpected failure; the body never holds a stack trace.
         * @enum {string}
         */
        ErrorCode: "INVALID_REQUEST" | "UNAUTHENTICATED" | "FORBIDDEN" | "TOPIC_NOT_FOUND" | "GROUP_NOT_FOUND" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "TOPIC_EXISTS" | "SUBSCRIPTION_EXISTS" | "SUBSCRIPTION_NOT_FOUND" | "LEASE_HELD" | "FENCED" | "GROUP_ACTIVE" | "ALREADY_COMMITTED" | "RECORD_TOO_LARGE" | "PAYLOAD_TOO_LARGE" | "OFFSET_OUT_OF_RANGE" | "IDEMPOTENCY_KEY_REUSED" | "THROTTLED" | "UNAVAILABLE" | "INTERNAL";
        FetchAnswer: {
            /** @description Offsets increase strictly; gaps are allowed (an offset may hold no record), repeats never. */
            records: components["schemas"]["FetchedRecord"][];
            /** @description Where the next fetch starts. */
            nextOffset: number;
            /** @description The first offset still held. */
            startOffset: number;
            /** @description The high watermark; never below the offset asked. */
            endOffset: number;
        };
        /** @description From 1 to 100 partitions, each from `offset` (`earliest` by default). `limit` (1 to 10,000, default 1,000) counts records per partition; `maxBytes` (up to 4 MiB, default 1 MiB) the whole answer, shared between the partitions; `waitMs` (0 to 20,000) waits until any partition has a record. */
        FetchMany: {
            partitions: {
                topic: components["schemas"]["Name"];
                partition: number;
                offset?: number | ("earliest" | "latest");
            }[];
            limit?: number;
            maxBytes?: number;
            waitMs?: number;
            encoding?: components["schemas"]["Encoding"];
        };
        FetchManyAnswer: {
            /** @description In request order. */
            partitions: ({
                topic: components["schemas"]["Name"];
                /** @description A partition of the topic, from 0. */
                partition: number;
                /** @description Offsets increase strictly; gaps are allowed (an offset may hold no record), repeats never. */
                records: components["schemas"]["FetchedRecord"][];
                /** @description Where the next fetch starts. */
                nextOffset: number;
                /** @description The first offset still held. */
                startOffset: number;
                /** @description The high watermark; never below the offset asked. */
                endOffset: number;
            } | {
                topic: components["schemas"]["Name"];
                /** @description A partition of the topic, from 0. */
                partition: number;
                error: {
                    code: components["schemas"]["ErrorCode"];
                    /** @description What went wrong, for people. */
                    message: string;
                    /** @description Whether the same request may succeed if sent again. */
                    retriable: boolean;
                    /** @description INVALID_REQUEST: every problem found; the message is the first. */
                    issues?: {
                        path: string;
                        message: string;
                    }[];
                    topic?: components["schemas"]["Name"];
                    /** @description A partition of the topic, from 0. */
                    partition?: number;
                    group?: components["schemas"]["Name"];
                    /** @description SUBSCRIPTION_NOT_FOUND, SUBSCRIPTION_EXISTS: its name. */
                    subscription?: components["schemas"]["Name"];
                    /** @description RECORD_TOO_LARGE in a fetch: the offset of the record. */
                    offset?: number;
                    /** @description An offset in a partition. */
                    startOffset?: number;
                    /** @description An offset in a partition. */
                    endOffset?: number;
                    /** @description LEASE_HELD, GROUP_ACTIVE, and INVALID_REQUEST of a subscription on a group in use: the member holding the lease. */
                    owner?: string;
                    /** @description LEASE_HELD: when the lease stops being live. */
                    expiresAt?: number;
                    /** @description The lease's fencing token: raised on each change of owner. */
                    epoch?: number;
                    /** @description ALREADY_COMMITTED: the offset committed already. */
                    committedOffset?: number;
                    /**
                     * @description UNAVAILABLE of a produce or transaction: the write may or may not have landed; retry with the same Idempotency-Key to learn which.
                     * @enum {string}
                     */
                    outcome?: "unknown";
                    /** @description With `outcome`: the request wrote its partitions separately and some are known to have landed. */
                    partial?: boolean;
                };
            })[];
        };
        FetchedRecord: {
            /** @description An offset in a partition. */
            offset: number;
            /** @description Milliseconds since the epoch. */
            timestamp: number;
            /** @description The record's key, or null. In the fetch's `encoding` (or the delivery's): `utf8` (a fetch's default) as text, `base64` as the bytes in standard base64. */
            key: string | null;
            /** @description The record's value, or null (a tombstone). In the fetch's `encoding` (or the delivery's): `utf8` (a fetch's default) as text, `base64` as the bytes in standard base64. */
            value: string | null;
            headers: {
                [key: string]: string;
            };
        };
        /** @description `resource`: `topic:<glob>`, `group:<glob>` or `cluster`; `*` in a glob matches any run of characters. */
        Grant: {
            resource: string;
            actions: ("produce" | "consume" | "admin")[];
        };
        GroupDescription: {
            group: components["schemas"]["Name"];
            members: {
                memberId: components["schemas"]["Name"];
                topics: components["schemas"]["Name"][];
                /** @description When the member's session ends without a heartbeat. */
                expiresAt: number;
            }[];
            /** @description Only the topics the key may consume (or admin). */
            topics: {
                topic: components["schemas"]["Name"];
                partitions: {
                    /** @description A partition of the topic, from 0. */
                    partition: number;
                    /** @description null where the group has committed nothing. */
                    committedOffset: number | null;
                    /** @description An offset in a partition. */
                    endOffset: number;
                    /** @description endOffset - committedOffset; null with committedOffset. */
                    lag: number | null;
                    /** @description The member holding a live lease, else null. */
                    owner: components["schemas"]["Name"] | null;
                    /** @description The last epoch (0 if never leased). */
                    epoch: number;
                    /** @description When the live lease ends, else null. */
                    leaseExpiresAt: number | null;
                }[];
            }[];
        };
        GroupList: {
            /** @description Only the groups the key holds a grant on. */
            groups: {
                group: components["schemas"]["Name"];
                topics: components["schemas"]["Name"][];
            }[];
        };
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        /** @description Joins or heartbeats the member and renews every lease it owns in one write. `sessionMs`, `leaseMs`: 1000 to 300000 (default 10000). `leases` (at most 1024): what the member believes it holds. */
        Heartbeat: {
            topics: components["schemas"]["Name"][];
            sessionMs?: number;
            leaseMs?: number;
            leases?: {
                topic: components["schemas"]["Name"];
                partition: number;
                epoch: number;
            }[];
        };
        HeartbeatAnswer: {
            members: {
                memberId: components["schemas"]["Name"];
                topics: components["schemas"]["Name"][];
                /** @description When the member's session ends without a heartbeat. */
                expiresAt: number;
            }[];
            /** @description Listed leases the member still owns at that epoch, and when each stops being live. */
            renewed: {
                topic: components["schemas"]["Name"];
                /** @description A partition of the topic, from 0. */
                partition: number;
                /** @description The lease's fencing token: raised on each change of owner. */
                epoch: number;
                /** @description Milliseconds since the epoch. */
                expiresAt: number;
            }[];
            /** @description Listed leases the member no longer holds: it must stop processing those partitions. */
            lost: {
                topic: components["schemas"]["Name"];
                /** @description A partition of the topic, from 0. */
                partition: number;
                /** @description The lease's fencing token: raised on each change of owner. */
                epoch: number;
            }[];
            /** @description Every live lease on the member's topics (those the key may consume). */
            leases: {
                topic: components["schemas"]["Name"];
                /** @description A partition of the topic, from 0. */
                partition: number;
                /** @description The lease's fencing token: raised on each change of owner. */
                epoch: number;
                owner: components["schemas"]["Name"];
                /** @description Milliseconds since the epoch. */
                expiresAt: number;
            }[];
            /** @description Partition counts of the member's topics; may lag a partition increase by up to a minute. */
            topics: {
                topic: components["schemas"]["Name"];
                partitions: number;
            }[];
        };
        /** @description The topics the member consumes; `sessionMs` (1000 to 300000, default 10000): how long the member stays live without another heartbeat. */
        Join: {
            topics: components["schemas"]["Name"][];
            sessionMs?: number;
        };
        /** @description A Lambda function of the stack's account, invoked synchronously with each delivery. Only a deployed stack delivers to one, and only to functions its construct's `grantDelivery(fn)` let it invoke; the local server refuses it (400). */
        LambdaTarget: {
            /** @constant */
            type: "lambda";
            functionArn: string;
        };
        LeaseGrant: {
            memberId: components["schemas"]["Name"];
            /** @description The lease's fencing token: raised on each change of owner. */
            epoch: number;
            /** @description When the lease stops being live (the later of its own expiry and `leasesUntil`). */
            expiresAt: number;
            /** @description The group's committed offset on the partition, where to start; null where it has committed nothing. */
            committedOffset: number | null;
        };
        /** @description `leaseMs`: 1000 to 300000 (default 10000). `incarnation` names the taker's process: the member's own lease taken under another incarnation gets a new epoch. */
        LeaseRequest: {
            memberId: components["schemas"]["Name"];
            leaseMs?: number;
            incarnation?: components["schemas"]["Name"];
        };
        Members: {
            /** @description The live members. */
            members: {
                memberId: components["schemas"]["Name"];
                topics: components["schemas"]["Name"][];
                /** @description When the member's session ends without a heartbeat. */
                expiresAt: number;
            }[];
        };
        /** @description A topic, group or member name (a lease's `incarnation` too): `^[A-Za-z0-9._-]{1,249}$`, and not `.` or `..` (Kafka's rule). */
        Name: string;
        /** @description Records to append. Within a partition, records of one request get increasing offsets in request order. A record is at most 1 MiB (key, value and headers), the body at most 5 MiB. */
        Produce: {
            /** @description From 1 to 10,000 records. */
            records: components["schemas"]["ProduceRecord"][];
            encoding?: components["schemas"]["Encoding"];
        };
        ProduceAnswer: {
            /** @description One per record, in request order: where each was appended. A 200 means every record is durable and readable at that offset. */
            records: {
                /** @description A partition of the topic, from 0. */
                partition: number;
                /** @description An offset in a partition. */
                offset: number;
                /** @description Milliseconds since the epoch. */
                timestamp: number;
            }[];
        };
        /** @description Only `value` is required. */
        ProduceRecord: {
            /** @description The key, or null, in the request's `encoding`. Without `partition`, a non-null key picks it with Kafka's default partitioner (murmur2 of the key bytes); null-key records of a request share one partition the service picks. */
            key?: string | null;
            /** @description The value in the request's `encoding`; null is a tombstone. */
            value: string | null;
            headers?: {
                [key: string]: string;
            };
            /** @description The partition to append to (400 if out of range). */
            partition?: number;
            /** @description Milliseconds since the epoch; default: when the record is appended. */
            timestamp?: number;
        };
        /** @description Exactly one of: `to` (`earliest` or `latest`), `timestamp` (the first offset at or after it), or `offsets` per partition. */
        Reset: {
            /** @enum {string} */
            to: "earliest" | "latest";
        } | {
            timestamp: number;
        } | {
            offsets: {
                partition: number;
                offset: number;
            }[];
        };
        /** @description `maxAttempts`: 1 to 1000, or -1 for forever (default 10); `minBackoffMs` and `maxBackoffMs`: 1 to 3,600,000 (defaults 1000 and 300000), `minBackoffMs` at most `maxBackoffMs`. A failed batch is tried again after an exponential backoff with jitter between them; after `maxAttempts`, it is split in halves until the failing record is alone. */
        Retry: {
            maxAttempts?: number;
            minBackoffMs?: number;
            maxBackoffMs?: number;
        };
        /** @description `earliest`, `latest` (the default) or the first record at or after a timestamp; resolved when the subscription is created: a record produced after the 201 is delivered. */
        StartAt: ("earliest" | "latest") | {
            timestamp: number;
        };
        /** @description A subscription as created or changed: every setting, the defaults filled in; never the webhook's secret. Its progress is the committed offsets of `group`. */
        Subscription: {
            name: components["schemas"]["Name"];
            topic: components["schemas"]["Name"];
            group: components["schemas"]["Name"];
            /** @description Where batches go; never the webhook's secret. */
            target: {
                /** @enum {string} */
                type: "webhook";
                /** @description Where deliveries are POSTed. */
                url: string;
            } | {
                /** @enum {string} */
                type: "lambda";
                /** @description The function invoked with each delivery. */
                functionArn: string;
            };
            batch: {
                maxRecords: number;
                maxBytes: number;
                maxWaitMs: number;
            };
            retry: {
                /** @description 1 to 1000, or -1: forever. */
                maxAttempts: number;
                minBackoffMs: number;
                maxBackoffMs: number;
            };
            /** @description Where a record that failed alone goes; null: none. */
            deadLetterTopic: components["schemas"]["Name"] | null;
            /** @description Where delivery started, resolved when the subscription was created. */
            startAt: ("earliest" | "latest") | {
                /** @description Milliseconds since the epoch. */
                timestamp: number;
            };
            /** @enum {string} */
            delivery: "at-least-once" | "exactly-once";
            paused: boolean;
            /** @description Milliseconds since the epoch. */
            createdAt: number;
        };
        SubscriptionDescription: {
            name: components["schemas"]["Name"];
            topic: components["schemas"]["Name"];
            group: components["schemas"]["Name"];
            /** @description Where batches go; never the webhook's secret. */
            target: {
                /** @enum {string} */
                type: "webhook";
                /** @description Where deliveries are POSTed. */
                url: string;
            } | {
                /** @enum {string} */
                type: "lambda";
                /** @description The function invoked with each delivery. */
                functionArn: string;
            };
            batch: {
                maxRecords: number;
                maxBytes: number;
                maxWaitMs: number;
            };
            retry: {
                /** @description 1 to 1000, or -1: forever. */
                maxAttempts: number;
                minBackoffMs: number;
                maxBackoffMs: number;
            };
            /** @description Where a record that failed alone goes; null: none. */
            deadLetterTopic: components["schemas"]["Name"] | null;
            /** @description Where delivery started, resolved when the subscription was created. */
            startAt: ("earliest" | "latest") | {
                /** @description Milliseconds since the epoch. */
                timestamp: number;
            };
            /** @enum {string} */
            delivery: "at-least-once" | "exactly-once";
            paused: boolean;
            /** @description Milliseconds since the epoch. */
            createdAt: number;
            /** @description One per partition of the topic; none once the subscription's topic was deleted. */
            partitions: {
                /** @description A partition of the topic, from 0. */
                partition: number;
                /** @description The group's committed offset: the next record to deliver. null where the group has committed nothing. */
                committedOffset: number | null;
                /** @description The high watermark: one past the last readable record. */
                endOffset: number;
                /** @description endOffset - committedOffset; null with committedOffset. */
                lag: number | null;
                /**
                 * @description `idle`: nothing in flight, nothing failing. `delivering`: a run holds the partition. `retrying`: the batch at the committed offset failed and waits for `nextAttemptAt`. `blocked`: a record failed alone and could not be dead-lettered (no dead-letter topic, or the append failed); delivery waits until `retry` changes or the group offset is reset. `paused`: the subscription is paused.
                 * @enum {string}
                 */
                state: "idle" | "delivering" | "retrying" | "blocked" | "paused";
                /** @description Failed attempts at the batch at the committed offset; 0 when none failed. */
                attempts: number;
                /** @description The last failure's reason; null when none failed. */
                lastError: string | null;
                /** @description When `retrying`: when the batch is tried again; else null. */
                nextAttemptAt: number | null;
            }[];
        };
        SubscriptionList: {
            /** @description Sorted by name; only those on topics the key may consume (or admin). */
            subscriptions: components["schemas"]["Subscription"][];
        };
        Topic: {
            name: components["schemas"]["Name"];
            partitions: number;
            /** @description How long records are kept after they were appended; -1 is forever. */
            retentionMs: number;
            /** @description Milliseconds since the epoch. */
            createdAt: number;
        };
        TopicDescription: {
            name: components["schemas"]["Name"];
            partitions: number;
            /** @description How long records are kept after they were appended; -1 is forever. */
            retentionMs: number;
            /** @description Milliseconds since the epoch. */
            createdAt: number;
            offsets: {
                /** @description A partition of the topic, from 0. */
                partition: number;
                /** @description The first offset still held (advances with retention). */
                startOffset: number;
                /** @description The high watermark: one past the last readable record. */
                endOffset: number;
            }[];
        };
        TopicList: {
            /** @description Sorted by name; only topics the key has a grant on. */
            topics: components["schemas"]["Topic"][];
        };
        TopicOffsets: {
            offsets: {
                /** @description A partition of the topic, from 0. */
                partition: number;
                /** @description The first offset still held (advances with retention). */
                startOffset: number;
                /** @description The high watermark: one past the last readable record. */
                endOffset: number;
            }[] | {
                /** @description A partition of the topic, from 0. */
                partition: number;
                /** @description An offset in a partition. */
                offset: number;
            }[];
        };
        /** @description Produce to topics and commit a group's offsets, all or nothing: at most 50 partitions in all (produced to plus committed). `produce` may be empty when there is a `commit`. The commit must move each offset forward (409 ALREADY_COMMITTED otherwise). */
        Transaction: {
            produce: {
                topic: components["schemas"]["Name"];
                /** @description From 1 to 10,000 records. */
                records: components["schemas"]["ProduceRecord"][];
                encoding?: components["schemas"]["Encoding"];
            }[];
            commit?: {
                group: components["schemas"]["Name"];
                topic: components["schemas"]["Name"];
                memberId: components["schemas"]["Name"];
                offsets: {
                    partition: number;
                    offset: number;
                    epoch: number;
                }[];
            };
        };
        TransactionAnswer: {
            /** @description Per produce entry, in request order: where its records were appended. */
            produce: {
                topic: components["schemas"]["Name"];
                records: {
                    /** @description A partition of the topic, from 0. */
                    partition: number;
                    /** @description An offset in a partition. */
                    offset: number;
                    /** @description Milliseconds since the epoch. */
                    timestamp: number;
                }[];
            }[];
        };
        /** @description What to change; partitions only grow. */
        UpdateTopic: {
            /** @description From 1 to 1024. Partitions only grow. */
            partitions?: number;
            /** @description How long records are kept after they were appended, whatever timestamp they carry: -1 (forever) or at least 1000. A change applies to records appended after it. */
            retentionMs?: number;
        };
        /** @description `url`: https to a host whose every address is public (the local server also takes http and https on 127.0.0.1, localhost and [::1]); checked when set and again at each delivery. `secret` (1 to 1024 characters) signs each delivery; it is never answered back. */
        WebhookTarget: {
            /** @constant */
            type: "webhook";
            url: string;
            secret: string;
        };
    };
    responses: {
        /** @description `FENCED`: The lease named (member and epoch) is no longer live, or a live lease covers the partition. */
        Fenced: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "FENCED";
                    };
                };
            };
        };
        /**
         * @description `FENCED`: The lease named (member and epoch) is no longer live, or a live lease covers the partition.
         *
         *     `ALREADY_COMMITTED`: The transaction's commit does not move the offset forward: its inputs were processed already (`committedOffset`). Not retriable.
         */
        FencedOrAlreadyCommitted: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "FENCED" | "ALREADY_COMMITTED";
                    };
                };
            };
        };
        /** @description `FORBIDDEN`: The key lacks the grant. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
        };
        /** @description `GROUP_ACTIVE`: A live lease is held on the group (or on the topic being reset). */
        GroupActive: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "GROUP_ACTIVE";
                    };
                };
            };
        };
        /** @description `GROUP_NOT_FOUND`: No such group. */
        GroupNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "GROUP_NOT_FOUND";
                    };
                };
            };
        };
        /** @description `IDEMPOTENCY_KEY_REUSED`: The same Idempotency-Key with a different body. */
        IdempotencyKeyReused: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "IDEMPOTENCY_KEY_REUSED";
                    };
                };
            };
        };
        /** @description `INTERNAL`: An unexpected failure; the body never holds a stack trace. */
        Internal: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "INTERNAL";
                    };
                };
            };
        };
        /** @description `INVALID_REQUEST`: Malformed JSON, wrong types, unknown fields, a bad name, a partition out of range or a bad parameter. The message names the field, the rule it broke and the value it got; `issues` lists every problem. */
        InvalidRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "INVALID_REQUEST";
                    };
                };
            };
        };
        /** @description `LEASE_HELD`: Another member holds a live lease on the partition (`owner`, `expiresAt`). */
        LeaseHeld: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "LEASE_HELD";
                    };
                };
            };
        };
        /** @description `NOT_FOUND`: No such route, or no such API key. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "NOT_FOUND";
                    };
                };
            };
        };
        /** @description `OFFSET_OUT_OF_RANGE`: An offset below `startOffset` or beyond the end (the details carry `startOffset` and `endOffset`). */
        OffsetOutOfRange: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "OFFSET_OUT_OF_RANGE";
                    };
                };
            };
        };
        /** @description `PAYLOAD_TOO_LARGE`: A request body over 5 MiB. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
        };
        /** @description `RECORD_TOO_LARGE`: A record over 1 MiB (key, value and headers), or, in a fetch, a record no answer can hold: fetch it with `encoding=base64`. */
        RecordTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "RECORD_TOO_LARGE";
                    };
                };
            };
        };
        /**
         * @description `RECORD_TOO_LARGE`: A record over 1 MiB (key, value and headers), or, in a fetch, a record no answer can hold: fetch it with `encoding=base64`.
         *
         *     `PAYLOAD_TOO_LARGE`: A request body over 5 MiB.
         */
        RecordTooLargeOrPayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "RECORD_TOO_LARGE" | "PAYLOAD_TOO_LARGE";
                    };
                };
            };
        };
        /**
         * @description `SUBSCRIPTION_EXISTS`: A subscription of that name exists.
         *
         *     `GROUP_ACTIVE`: A live lease is held on the group (or on the topic being reset).
         */
        SubscriptionExistsOrGroupActive: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "SUBSCRIPTION_EXISTS" | "GROUP_ACTIVE";
                    };
                };
            };
        };
        /** @description `SUBSCRIPTION_NOT_FOUND`: No subscription of that name. */
        SubscriptionNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "SUBSCRIPTION_NOT_FOUND";
                    };
                };
            };
        };
        /**
         * @description `SUBSCRIPTION_NOT_FOUND`: No subscription of that name.
         *
         *     `TOPIC_NOT_FOUND`: No such topic.
         */
        SubscriptionNotFoundOrTopicNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "SUBSCRIPTION_NOT_FOUND" | "TOPIC_NOT_FOUND";
                    };
                };
            };
        };
        /** @description `THROTTLED`: Throttled: retry after a backoff. */
        Throttled: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "THROTTLED";
                    };
                };
            };
        };
        /** @description `TOPIC_EXISTS`: A topic of that name exists. */
        TopicExists: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "TOPIC_EXISTS";
                    };
                };
            };
        };
        /** @description `TOPIC_NOT_FOUND`: No such topic. */
        TopicNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "TOPIC_NOT_FOUND";
                    };
                };
            };
        };
        /** @description `UNAUTHENTICATED`: No API key, or an unknown one. */
        Unauthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "UNAUTHENTICATED";
                    };
                };
            };
        };
        /** @description `UNAVAILABLE`: Storage throttled or down: retry after a backoff. */
        Unavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "UNAVAILABLE";
                    };
                };
            };
        };
        /**
         * @description `UNAVAILABLE`: Storage throttled or down: retry after a backoff.
         *
         *     A write whose answer was lost and whose outcome storage could then not tell carries `outcome: "unknown"` (and `partial: true` where some of its partitions are known to have landed): the records may or may not have been appended, and a retry with the same `Idempotency-Key` settles it. Without `outcome`, it changed nothing.
         */
        UnavailableOutcomeUnknown: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    error: {
                        /** @enum {string} */
                        code: "UNAVAILABLE";
                    };
                };
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    openApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An OpenAPI 3.1 document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    reference: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            500: components["responses"]["Internal"];
        };
    };
    referenceScript: {
        parameters: {
            query?: {
                v?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The renderer (Redoc). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                };
            };
            500: components["responses"]["Internal"];
        };
    };
    listTopics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The topics the key has a grant on, sorted by name. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TopicList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createTopic: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTopic"];
            };
        };
        responses: {
            /** @description The topic. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Topic"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["TopicExists"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    describeTopic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The topic. */
                topic: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The topic and its offsets. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TopicDescription"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TopicNotFound"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteTopic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The topic. */
                topic: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TopicNotFound"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    updateTopic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The topic. */
                topic: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTopic"];
            };
        };
        responses: {
            /** @description The topic as changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Topic"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TopicNotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    produce: {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 128 printable ASCII characters. The same key with the same body within 24 hours answers the first answer again and writes nothing; with a different body, 422 IDEMPOTENCY_KEY_REUSED. A retry after a 503 whose `outcome` is `unknown` learns with it whether the request landed. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The topic. */
                topic: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Produce"];
            };
        };
        responses: {
            /** @description Where each record was appended. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProduceAnswer"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TopicNotFound"];
            413: components["responses"]["RecordTooLargeOrPayloadTooLarge"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOutcomeUnknown"];
        };
    };
    fetch: {
        parameters: {
            query?: {
                /** @description Where to start: `earliest` (the default), `latest` or an offset. */
                offset?: ("earliest" | "latest") | number;
                /** @description Instead of `offset`: start at the first record whose timestamp is at or after it (milliseconds since the epoch). */
                timestamp?: number;
                /** @description At most this many records: 1 to 10,000 (default 1,000). */
                limit?: number;
                /** @description About this many bytes of records: 1 to 4 MiB (default 1 MiB); always at least one record whenever one fits alone in an answer. */
                maxBytes?: number;
                /** @description With nothing to return yet, wait up to this long and answer as soon as a record arrives: 0 to 20,000 (default 0). */
                waitMs?: number;
                encoding?: components["schemas"]["Encoding"];
            };
            header?: never;
            path: {
                /** @description The topic. */
                topic: components["schemas"]["Name"];
                /** @description The partition. */
                partition: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The records from the offset asked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FetchAnswer"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TopicNotFound"];
            413: components["responses"]["RecordTooLarge"];
            416: components["responses"]["OffsetOutOfRange"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    fetchMany: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FetchMany"];
            };
        };
        responses: {
            /** @description Per partition, in request order, its records or its error. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FetchManyAnswer"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TopicNotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    topicOffsets: {
        parameters: {
            query?: {
                /** @description Per partition, the first offset at or after this timestamp (milliseconds since the epoch); without it, the start and end offsets. */
                timestamp?: number;
            };
            header?: never;
            path: {
                /** @description The topic. */
                topic: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Offsets per partition. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TopicOffsets"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TopicNotFound"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listGroups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The groups the key holds a grant on. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    describeGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The consumer group. */
                group: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The group. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupDescription"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["GroupNotFound"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The consumer group. */
                group: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["GroupNotFound"];
            409: components["responses"]["GroupActive"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    joinGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The consumer group. */
                group: components["schemas"]["Name"];
                /** @description The member: a name the client picks (the SDK uses a UUID per consumer). */
                memberId: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Join"];
            };
        };
        responses: {
            /** @description The live members. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Members"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    leaveGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The consumer group. */
                group: components["schemas"]["Name"];
                /** @description The member: a name the client picks (the SDK uses a UUID per consumer). */
                memberId: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    heartbeat: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The consumer group. */
                group: components["schemas"]["Name"];
                /** @description The member: a name the client picks (the SDK uses a UUID per consumer). */
                memberId: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Heartbeat"];
            };
        };
        responses: {
            /** @description The group as the member needs it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HeartbeatAnswer"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    takeLease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The consumer group. */
                group: components["schemas"]["Name"];
                /** @description The topic. */
                topic: components["schemas"]["Name"];
                /** @description The partition. */
                partition: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LeaseRequest"];
            };
        };
        responses: {
            /** @description The lease. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaseGrant"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TopicNotFound"];
            409: components["responses"]["LeaseHeld"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    releaseLease: {
        parameters: {
            query: {
                memberId: components["schemas"]["Name"];
                /** @description The epoch the member holds the lease at. */
                epoch: number;
            };
            header?: never;
            path: {
                /** @description The consumer group. */
                group: components["schemas"]["Name"];
                /** @description The topic. */
                topic: components["schemas"]["Name"];
                /** @description The partition. */
                partition: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Fenced"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    groupOffsets: {
        parameters: {
            query?: {
                /** @description Only this topic (403 if the key may not consume it). */
                topic?: components["schemas"]["Name"];
            };
            header?: never;
            path: {
                /** @description The consumer group. */
                group: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The committed offsets. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommittedOffsets"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["GroupNotFound"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    commitOffsets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The consumer group. */
                group: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Commit"];
            };
        };
        responses: {
            /** @description The offsets committed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommittedOffsets"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TopicNotFound"];
            409: components["responses"]["Fenced"];
            413: components["responses"]["PayloadTooLarge"];
            416: components["responses"]["OffsetOutOfRange"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    resetOffsets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The consumer group. */
                group: components["schemas"]["Name"];
                /** @description The topic. */
                topic: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Reset"];
            };
        };
        responses: {
            /** @description The offsets as reset. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommittedOffsets"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TopicNotFound"];
            409: components["responses"]["GroupActive"];
            413: components["responses"]["PayloadTooLarge"];
            416: components["responses"]["OffsetOutOfRange"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    transaction: {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 128 printable ASCII characters. The same key with the same body within 24 hours answers the first answer again and writes nothing; with a different body, 422 IDEMPOTENCY_KEY_REUSED. A retry after a 503 whose `outcome` is `unknown` learns with it whether the request landed. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Transaction"];
            };
        };
        responses: {
            /** @description Where each record was appended. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionAnswer"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TopicNotFound"];
            409: components["responses"]["FencedOrAlreadyCommitted"];
            413: components["responses"]["RecordTooLargeOrPayloadTooLarge"];
            416: components["responses"]["OffsetOutOfRange"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOutcomeUnknown"];
        };
    };
    listSubscriptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscriptions on topics the key may consume, sorted by name. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSubscription"];
            };
        };
        responses: {
            /** @description The subscription; never the webhook's secret. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["TopicNotFound"];
            409: components["responses"]["SubscriptionExistsOrGroupActive"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    describeSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The subscription. */
                name: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription and its partitions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionDescription"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["SubscriptionNotFound"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The subscription. */
                name: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["SubscriptionNotFound"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    alterSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The subscription. */
                name: components["schemas"]["Name"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AlterSubscription"];
            };
        };
        responses: {
            /** @description The subscription as changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["SubscriptionNotFoundOrTopicNotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    listKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys, without secrets. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    createKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateKey"];
            };
        };
        responses: {
            /** @description The key, with its secret shown this once. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            400: components["responses"]["InvalidRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The key's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["Throttled"];
            500: components["responses"]["Internal"];
            503: components["responses"]["Unavailable"];
        };
    };
    deliver: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix ms>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the webhook's secret>`: recompute it over the raw body, compare in constant time, and refuse an old `t` to refuse replays. */
                "Sluice-Signature": string;
                /** @description `<subscription>/<partition>/<first offset>-<last offset>`: the same on every retry of the batch. */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeliveryEvent"];
            };
        };
        responses: {
            /** @description Success: the batch (or, with `failedOffset`, the records before it) is committed, in order, and the next batch follows. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryAnswer"];
                };
            };
            /** @description Failure, as is no answer within 30 s or a redirect: the batch is tried again with exponential backoff and jitter between the subscription's `minBackoffMs` and `maxBackoffMs`; after `maxAttempts`, it is split in halves until the failing record is alone, which goes to the dead-letter topic or blocks the partition. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
