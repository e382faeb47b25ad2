package local.aws.lambda;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * JSON without third-party jars: a parser to Map/List/String/Number/Boolean/null, a writer of
 * those and of POJOs (getters and public fields, records), and a binder of parsed JSON to a
 * handler's input type (setters or fields, records, collections, enums), ignoring unknown
 * properties and matching property names case-insensitively as AWS's Lambda serializer does.
 */
public final class Json {
    private Json() {}

    public static final class JsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message);
        }
    }

    // ---- parsing

    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != text.length()) throw p.fail("Unexpected character");
        return v;
    }

    private static final class Parser {
        final String s;
        int i;

        Parser(String s) {
            this.s = s;
        }

        JsonException fail(String what) {
            return new JsonException(what + " at position " + i);
        }

        void ws() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') i++;
                else break;
            }
        }

        Object value() {
            if (i >= s.length()) throw fail("Unexpected end of input");
            char c = s.charAt(i);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return number();
                    throw fail("Unexpected character '" + c + "'");
            }
        }

        Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) throw fail("Unexpected token");
            i += word.length();
            return v;
        }

        Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            ws();
            if (i < s.length() && s.charAt(i) == '}') {
                i++;
                return m;
            }
            while (true) {
                ws();
                if (i >= s.length() || s.charAt(i) != '"') throw fail("Expected a property name");
                String k = string();
                ws();
                if (i >= s.length() || s.charAt(i) != ':') throw fail("Expected ':'");
                i++;
                ws();
                m.put(k, value());
                ws();
                if (i >= s.length()) throw fail("Unexpected end of input");
                char c = s.charAt(i++);
                if (c == '}') return m;
                if (c != ',') throw fail("Expected ',' or '}'");
            }
        }

        List<Object> array() {
            List<Object> l = new ArrayList<>();
            i++;
            ws();
            if (i < s.length() && s.charAt(i) == ']') {
                i++;
                return l;
            }
            while (true) {
                ws();
                l.add(value());
                ws();
                if (i >= s.length()) throw fail("Unexpected end of input");
                char c = s.charAt(i++);
                if (c == ']') return l;
                if (c != ',') throw fail("Expected ',' or ']'");
            }
        }

        String string() {
            i++;
            StringBuilder b = null;
            int start = i;
            while (true) {
                if (i >= s.length()) throw fail("Unterminated string");
                char c = s.charAt(i);
                if (c == '"') {
                    String out = b == null ? s.substring(start, i) : b.append(s, start, i).toString();
                    i++;
                    return out;
                }
                if (c < 0x20) throw fail("Control character in string");
                if (c != '\\') {
                    i++;
                    continue;
                }
                if (b == null) b = new StringBuilder();
                b.append(s, start, i);
                if (i + 1 >= s.length()) throw fail("Unterminated string");
                char e = s.charAt(i + 1);
                i += 2;
                switch (e) {
                    case '"': b.append('"'); break;
                    case '\\': b.append('\\'); break;
                    case '/': b.append('/'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'n': b.append('\n'); break;
                    case 'r': b.append('\r'); break;
                    case 't': b.append('\t'); break;
                    case 'u':
                        if (i + 4 > s.length()) throw fail("Bad unicode escape");
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw fail("Bad unicode escape");
                        }
                        i += 4;
                        break;
                    default: throw fail("Bad escape");
                }
                start = i;
            }
        }

        Number number() {
            int start = i;
            if (s.charAt(i) == '-') i++;
            boolean fraction = false;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c >= '0' && c <= '9') i++;
                else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                    fraction = true;
                    i++;
                } else break;
            }
            String t = s.substring(start, i);
            try {
                if (fraction) return Double.valueOf(t);
                BigInteger big = new BigInteger(t);
                if (big.bitLength() < 32) return big.intValue();
                if (big.bitLength() < 64) return big.longValue();
                return big;
            } catch (NumberFormatException e) {
                i = start;
                throw fail("Bad number");
            }
        }
    }

    // ---- writing

    public static String write(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v, 0);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, int depth) {
        if (depth > 200) throw new JsonException("Nesting too deep (a cycle?)");
        if (v == null) {
            b.append("null");
        } else if (v instanceof CharSequence || v instanceof Character) {
            quote(b, v.toString());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            b.append(Double.isFinite(d) ? v.toString() : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v.toString());
        } else if (v instanceof Enum) {
            quote(b, ((Enum<?>) v).name());
        } else if (v instanceof Optional) {
            write(b, ((Optional<?>) v).orElse(null), depth + 1);
        } else if (v instanceof Date) {
            b.append(((Date) v).getTime());
        } else if (v instanceof Map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) b.append(',');
                first = false;
                quote(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue(), depth + 1);
            }
            b.append('}');
        } else if (v instanceof Iterable) {
            b.append('[');
            boolean first = true;
            for (Object o : (Iterable<?>) v) {
                if (!first) b.append(',');
                first = false;
                write(b, o, depth + 1);
            }
            b.append(']');
        } else if (v.getClass().isArray()) {
            if (v instanceof byte[]) {
                quote(b, java.util.Base64.getEncoder().encodeToString((byte[]) v));
                return;
            }
            b.append('[');
            int n = Array.getLength(v);
            for (int k = 0; k < n; k++) {
                if (k > 0) b.append(',');
                write(b, Array.get(v, k), depth + 1);
            }
            b.append(']');
        } else if (v.getClass().getName().startsWith("java.")) {
            quote(b, v.toString());
        } else {
            write(b, properties(v), depth + 1);
        }
    }

    /** A POJO's properties: record components, else getters (getX/isX) and public fields. */
    private static Map<String, Object> properties(Object o) {
        Map<String, Object> out = new LinkedHashMap<>();
        Class<?> c = o.getClass();
        try {
            Object[] components = recordComponents(c);
            if (components != null) {
                for (Object rc : components) {
                    String name = (String) rc.getClass().getMethod("getName").invoke(rc);
                    Method accessor = (Method) rc.getClass().getMethod("getAccessor").invoke(rc);
                    accessor.setAccessible(true);
                    out.put(name, accessor.invoke(o));
                }
                return out;
            }
            for (Method m : c.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) continue;
                String n = m.getName();
                String prop;
                if (n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class) prop = n.substring(3);
                else if (n.startsWith("is") && n.length() > 2 && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) prop = n.substring(2);
                else continue;
                out.put(decapitalize(prop), m.invoke(o));
            }
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) || out.containsKey(f.getName())) continue;
                out.put(f.getName(), f.get(o));
            }
        } catch (ReflectiveOperationException e) {
            throw new JsonException("Unable to serialize " + c.getName() + ": " + e);
        }
        return out;
    }

    private static String decapitalize(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isUpperCase(s.charAt(1))) return lowerLeadingCaps(s);
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    // Jackson lower-cases a run of leading capitals: "URLValue" -> "urlvalue".
    private static String lowerLeadingCaps(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int k = 0;
        while (k < s.length() && Character.isUpperCase(s.charAt(k))) b.append(Character.toLowerCase(s.charAt(k++)));
        return b.append(s, k, s.length()).toString();
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                case '\b': b.append("\\b"); break;
                case '\f': b.append("\\f"); break;
                default:
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        b.append('"');
    }

    // ---- binding

    /** Converts parsed JSON to the given type. */
    public static Object bind(Object json, Type type) {
        if (type instanceof WildcardType) type = ((WildcardType) type).getUpperBounds()[0];
        if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (json == null) return null;
            if (Map.class.isAssignableFrom(raw)) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : asMap(json, type).entrySet()) m.put(e.getKey(), bind(e.getValue(), args[1]));
                return m;
            }
            if (Collection.class.isAssignableFrom(raw)) {
                Collection<Object> c = newCollection(raw);
                for (Object o : asList(json, type)) c.add(bind(o, args[0]));
                return c;
            }
            if (raw == Optional.class) return Optional.ofNullable(bind(json, args[0]));
            return bind(json, raw);
        }
        if (type instanceof GenericArrayType) {
            Type component = ((GenericArrayType) type).getGenericComponentType();
            List<Object> l = asList(json, type);
            Class<?> rawComponent = component instanceof ParameterizedType ? (Class<?>) ((ParameterizedType) component).getRawType() : Object.class;
            Object a = Array.newInstance(rawComponent, l.size());
            for (int k = 0; k < l.size(); k++) Array.set(a, k, bind(l.get(k), component));
            return a;
        }
        if (!(type instanceof Class)) return json;
        Class<?> c = (Class<?>) type;
        if (c == Object.class) return json;
        if (json == null) {
            if (c.isPrimitive()) return c == boolean.class ? Boolean.FALSE : c == char.class ? Character.valueOf('\0') : bindNumber(0, c);
            return null;
        }
        if (c == String.class || c == CharSequence.class) {
            if (json instanceof String) return json;
            if (json instanceof Number || json instanceof Boolean) return json.toString();
            throw mismatch(c, json);
        }
        if (c == boolean.class || c == Boolean.class) {
            if (json instanceof Boolean) return json;
            if (json instanceof String && ("true".equals(json) || "false".equals(json))) return Boolean.valueOf((String) json);
            throw mismatch(c, json);
        }
        if (c == char.class || c == Character.class) {
            if (json instanceof String && ((String) json).length() == 1) return ((String) json).charAt(0);
            throw mismatch(c, json);
        }
        if (c.isPrimitive() || Number.class.isAssignableFrom(c)) {
            if (json instanceof Number) return bindNumber((Number) json, c);
            if (json instanceof String) {
                try {
                    return bindNumber(new BigDecimal(((String) json).trim()), c);
                } catch (NumberFormatException e) {
                    throw mismatch(c, json);
                }
            }
            throw mismatch(c, json);
        }
        if (c.isEnum()) {
            if (!(json instanceof String)) throw mismatch(c, json);
            for (Object constant : c.getEnumConstants()) if (((Enum<?>) constant).name().equals(json)) return constant;
            throw new JsonException("Cannot deserialize value of type `" + c.getName() + "` from String \"" + json + "\": not one of the values accepted for Enum class");
        }
        if (c == Date.class && json instanceof Number) return new Date(((Number) json).longValue());
        if (c.isArray()) {
            if (c == byte[].class && json instanceof String) return java.util.Base64.getDecoder().decode((String) json);
            List<Object> l = asList(json, c);
            Object a = Array.newInstance(c.getComponentType(), l.size());
            for (int k = 0; k < l.size(); k++) Array.set(a, k, bind(l.get(k), c.getComponentType()));
            return a;
        }
        if (Map.class.isAssignableFrom(c)) return new LinkedHashMap<>(asMap(json, c));
        if (Collection.class.isAssignableFrom(c)) {
            Collection<Object> col = newCollection(c);
            col.addAll(asList(json, c));
            return col;
        }
        return bindObject(asMap(json, c), c);
    }

    private static Object bindObject(Map<String, Object> m, Class<?> c) {
        try {
            Object[] components = recordComponents(c);
            if (components != null) {
                Class<?>[] types = new Class<?>[components.length];
                Object[] values = new Object[components.length];
                for (int k = 0; k < components.length; k++) {
                    Object rc = components[k];
                    String name = (String) rc.getClass().getMethod("getName").invoke(rc);
                    types[k] = (Class<?>) rc.getClass().getMethod("getType").invoke(rc);
                    Type generic = (Type) rc.getClass().getMethod("getGenericType").invoke(rc);
                    values[k] = bind(lookup(m, name), generic);
                }
                Constructor<?> ctor = c.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                return ctor.newInstance(values);
            }
            Constructor<?> ctor = c.getDeclaredConstructor();
            ctor.setAccessible(true);
            Object o = ctor.newInstance();
            Map<String, Method> setters = new LinkedHashMap<>();
            for (Method method : c.getMethods()) {
                if (method.getName().startsWith("set") && method.getName().length() > 3 && method.getParameterCount() == 1 && !Modifier.isStatic(method.getModifiers())) {
                    setters.putIfAbsent(method.getName().substring(3).toLowerCase(java.util.Locale.ROOT), method);
                }
            }
            Map<String, Field> fields = new LinkedHashMap<>();
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())) fields.putIfAbsent(f.getName().toLowerCase(java.util.Locale.ROOT), f);
                }
            }
            for (Map.Entry<String, Object> e : m.entrySet()) {
                String key = e.getKey().toLowerCase(java.util.Locale.ROOT);
                Method setter = setters.get(key);
                if (setter != null) {
                    setter.invoke(o, bind(e.getValue(), setter.getGenericParameterTypes()[0]));
                    continue;
                }
                Field f = fields.get(key);
                if (f != null) {
                    f.setAccessible(true);
                    f.set(o, bind(e.getValue(), f.getGenericType()));
                }
            }
            return o;
        } catch (NoSuchMethodException e) {
            throw new JsonException("Cannot construct instance of `" + c.getName() + "` (no Creators, like default constructor, exist)");
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new JsonException("Cannot deserialize value of type `" + c.getName() + "`: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new JsonException("Cannot deserialize value of type `" + c.getName() + "`: " + e);
        }
    }

    private static Object lookup(Map<String, Object> m, String name) {
        if (m.containsKey(name)) return m.get(name);
        for (Map.Entry<String, Object> e : m.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        return null;
    }

    private static Object[] recordComponents(Class<?> c) {
        try {
            Method isRecord = Class.class.getMethod("isRecord");
            if (!(Boolean) isRecord.invoke(c)) return null;
            return (Object[]) Class.class.getMethod("getRecordComponents").invoke(c);
        } catch (ReflectiveOperationException e) {
            return null; // before Java 16: no records
        }
    }

    private static Object bindNumber(Number n, Class<?> c) {
        if (c == int.class || c == Integer.class) return n.intValue();
        if (c == long.class || c == Long.class) return n.longValue();
        if (c == double.class || c == Double.class) return n.doubleValue();
        if (c == float.class || c == Float.class) return n.floatValue();
        if (c == short.class || c == Short.class) return n.shortValue();
        if (c == byte.class || c == Byte.class) return n.byteValue();
        if (c == BigDecimal.class) return n instanceof BigDecimal ? n : new BigDecimal(n.toString());
        if (c == BigInteger.class) return n instanceof BigInteger ? n : new BigDecimal(n.toString()).toBigInteger();
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object json, Type type) {
        if (json instanceof Map) return (Map<String, Object>) json;
        throw mismatch(type, json);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object json, Type type) {
        if (json instanceof List) return (List<Object>) json;
        throw mismatch(type, json);
    }

    private static Collection<Object> newCollection(Class<?> raw) {
        if (SortedSet.class.isAssignableFrom(raw)) return new TreeSet<>();
        if (raw == HashSet.class) return new HashSet<>();
        if (Set.class.isAssignableFrom(raw)) return new LinkedHashSet<>();
        return new ArrayList<>();
    }

    private static JsonException mismatch(Type type, Object json) {
        String what = json instanceof Map ? "Object value" : json instanceof List ? "Array value" : json instanceof String ? "String value" : json instanceof Boolean ? "Boolean value" : "Number value";
        return new JsonException("Cannot deserialize value of type `" + type.getTypeName() + "` from " + what);
    }
}
