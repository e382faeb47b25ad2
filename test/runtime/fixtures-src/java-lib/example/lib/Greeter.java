package example.lib;

/** A class shipped in lib/greeter.jar: handlers load it from the zip's lib/*.jar. */
public final class Greeter {
    private Greeter() {}

    public static String greet(String name) {
        return "hello " + name;
    }
}
