package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import example.lib.Greeter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RequestHandler<POJO, POJO>: the event is bound to Order, the result serialized from Receipt. */
public class Hello implements RequestHandler<Hello.Order, Hello.Receipt> {
    private static int count;

    public static class Order {
        private String customer;
        private int quantity;
        private List<String> items;

        public String getCustomer() { return customer; }
        public void setCustomer(String customer) { this.customer = customer; }
        public int getQuantity() { return quantity; }
        public void setQuantity(int quantity) { this.quantity = quantity; }
        public List<String> getItems() { return items; }
        public void setItems(List<String> items) { this.items = items; }
    }

    public static class Receipt {
        private final Map<String, Object> context = new LinkedHashMap<>();
        private String greeting;
        private int total;
        private boolean first;

        public String getGreeting() { return greeting; }
        public int getTotal() { return total; }
        public boolean isFirst() { return first; }
        public Map<String, Object> getContext() { return context; }
    }

    @Override
    public Receipt handleRequest(Order order, Context context) {
        LambdaLogger logger = context.getLogger();
        logger.log("order from " + order.getCustomer() + "\nsecond line");
        System.out.println("stdout line for " + context.getAwsRequestId());
        if (order.getQuantity() < 0) throw new IllegalArgumentException("quantity must not be negative", new IllegalStateException("root cause"));
        if (order.getQuantity() == 999) {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Receipt r = new Receipt();
        r.greeting = Greeter.greet(order.getCustomer());
        r.total = order.getQuantity() * order.getItems().size();
        r.first = ++count == 1;
        r.context.put("requestId", context.getAwsRequestId());
        r.context.put("functionName", context.getFunctionName());
        r.context.put("version", context.getFunctionVersion());
        r.context.put("arn", context.getInvokedFunctionArn());
        r.context.put("memory", context.getMemoryLimitInMB());
        r.context.put("logGroup", context.getLogGroupName());
        r.context.put("logStream", context.getLogStreamName());
        r.context.put("remaining", context.getRemainingTimeInMillis());
        r.context.put("tmpdir", System.getProperty("java.io.tmpdir"));
        return r;
    }
}
