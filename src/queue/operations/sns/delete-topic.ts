import type { DeleteTopicInput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../../core/service.js";
import { stateOf } from "../../state.js";

export const deleteTopic = defineOperation<DeleteTopicInput, Record<string, never>>({
  name: "DeleteTopic",
  handle(input, ctx) {
    const state = stateOf(ctx.store);
    // Deleting a topic that does not exist succeeds, as on AWS.
    ctx.store.txn(() => {
      state.sql.deleteTopicSubscriptions.run(input.TopicArn);
      state.sql.deleteTopic.run(input.TopicArn);
    });
    return {};
  },
});
