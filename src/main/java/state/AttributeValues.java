package state;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import model.Json;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts between our records (through Jackson's tree) and DynamoDB items, so each store states its
 * keys and conditions and not how a field is encoded. Nulls are left out, as DynamoDB prefers.
 */
public final class AttributeValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeValues() {
    }

    public static Map<String, AttributeValue> item(Object value) {
        return toMap((ObjectNode) Json.MAPPER.valueToTree(value));
    }

    public static <T> T fromItem(Map<String, AttributeValue> item, Class<T> type) {
        return Json.MAPPER.convertValue(toNode(AttributeValue.fromM(item)), type);
    }

    public static AttributeValue value(Object value) {
        return toAttribute(Json.MAPPER.valueToTree(value));
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** An instant as epoch milliseconds: a number, so comparisons in conditions and index ranges order it right. */
    public static AttributeValue millis(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }

    private static Map<String, AttributeValue> toMap(ObjectNode node) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                map.put(e.getKey(), toAttribute(e.getValue()));
            }
        });
        return map;
    }

    private static AttributeValue toAttribute(JsonNode node) {
        if (node.isObject()) {
            return AttributeValue.fromM(toMap((ObjectNode) node));
        }
        if (node.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            node.forEach(element -> list.add(toAttribute(element)));
            return AttributeValue.fromL(list);
        }
        if (node.isNumber()) {
            return AttributeValue.fromN(node.decimalValue().toPlainString());
        }
        if (node.isBoolean()) {
            return AttributeValue.fromBool(node.booleanValue());
        }
        if (node.isNull()) {
            return AttributeValue.fromNul(true);
        }
        return AttributeValue.fromS(node.asText());
    }

    private static JsonNode toNode(AttributeValue value) {
        return switch (value.type()) {
            case S -> NODES.textNode(value.s());
            case N -> numberNode(value.n());
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            case L -> {
                ArrayNode array = NODES.arrayNode();
                value.l().forEach(element -> array.add(toNode(element)));
                yield array;
            }
            case M -> {
                ObjectNode object = NODES.objectNode();
                value.m().forEach((k, v) -> object.set(k, toNode(v)));
                yield object;
            }
            default -> throw new IllegalArgumentException("attribute type " + value.type() + " is not used by SyncWell");
        };
    }

    private static JsonNode numberNode(String number) {
        BigDecimal decimal = new BigDecimal(number);
        if (decimal.scale() <= 0) {
            try {
                return NODES.numberNode(decimal.longValueExact());
            } catch (ArithmeticException tooBig) {
                return NODES.numberNode(decimal);
            }
        }
        return NODES.numberNode(decimal.doubleValue());
    }
}
