import type { DeleteTopicInput } from "@aws-sdk/client-sns";
import { queueOperation } from "../../state.js";

export const deleteTopic = queueOperation<DeleteTopicInput, Record<string, never>>({
  name: "DeleteTopic",
  handle(input, ctx, state) {
    // Deleting a topic that does not exist succeeds, as on AWS.
    ctx.store.txn(() => {
      state.sql.deleteTopicSubscriptions.run(input.TopicArn);
      state.sql.deleteTopic.run(input.TopicArn);
    });
    return {};
  },
});
