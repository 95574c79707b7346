/** A topic's metadata. `topicId` names this incarnation: partitions' data is keyed by it, not the name. */
export interface TopicMeta {
  name: string
  topicId: string
  partitions: number
  retentionMs: number
  createdAt: number
}
