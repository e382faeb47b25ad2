package example;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.Map;

/** Plain methods named by the handler (`example.Plain::upper`, `example.Plain::sum`). */
public class Plain {
    public String upper(String input, Context context) {
        return input.toUpperCase();
    }

    public static long sum(Map<String, Integer> values) {
        long total = 0;
        for (int v : values.values()) total += v;
        return total;
    }

    public record Point(int x, int y) {}

    public Point mirror(Point p) {
        return new Point(p.y(), p.x());
    }

    public void exit(Map<String, Object> event) {
        System.exit(3);
    }
}
