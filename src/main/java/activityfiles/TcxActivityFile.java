package activityfiles;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

import com.fasterxml.jackson.dataformat.xml.XmlFactory;

import model.ActivityLap;
import model.ActivityRecord;
import model.ActivitySample;
import model.Provenance;
import model.Sport;

/**
 * Garmin Training Center (TCX v2) activity documents, streamed with the StAX parser Jackson XML ships (Woodstox).
 * <p>
 * Conventions:
 * <ul>
 * <li>TCX knows only Running/Biking/Other, so the exact sport travels in the activity's extensions as
 * {@code <sw:SyncWell xmlns:sw="urn:syncwell:tcx:v1" sport="hike"/>} (the {@link Sport#wire()} name); readers
 * that do not know it ignore it, as the schema allows. Without it: Running→RUN, Biking→RIDE, anything
 * else→WORKOUT.</li>
 * <li>The name is {@code Activity/Notes}.</li>
 * <li>One lap holds the whole workout: {@code TotalTimeSeconds} is the elapsed time. The schema requires lap
 * {@code DistanceMeters} and {@code Calories}, so unknown totals are written as 0 and a total of 0 reads as
 * unknown (null).</li>
 * <li>Whole seconds, whole bpm, cadence and watts ({@code ns3:TPX/ns3:Watts}); cadence passes through unchanged.</li>
 * <li>Times are written as whole-second UTC ({@code Z}); read with fractions and offsets. When the caller passes
 * no zone offset (null), the offset of {@code Activity/Id} is taken (Fitbit writes local times with offset), else UTC.</li>
 * <li>Reading matches elements by local name, so documents without or with other namespace prefixes are read;
 * a DOCTYPE is refused (no DTD, no entities).</li>
 * </ul>
 */
public final class TcxActivityFile {

    static final String TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";
    static final String ACTIVITY_EXTENSION_NS = "http://www.garmin.com/xmlschemas/ActivityExtension/v2";
    static final String SYNCWELL_NS = "urn:syncwell:tcx:v1";
    private static final String XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";

    /** Jackson XML's factory picks and configures Woodstox; reading hardens it further. */
    private static final XmlFactory XML = new XmlFactory();
    private static final XMLInputFactory INPUT = hardened(XML.getXMLInputFactory());
    private static final XMLOutputFactory OUTPUT = XML.getXMLOutputFactory();

    private TcxActivityFile() {
    }

    /** A Garmin TrainingCenterDatabase v2 document: Activities/Activity(Sport=Running|Biking|Other)/Id(start, UTC Z)/Lap(StartTime, TotalTimeSeconds, DistanceMeters, Calories, Track/Trackpoint(Time, Position(LatitudeDegrees, LongitudeDegrees), AltitudeMeters, DistanceMeters, HeartRateBpm/Value, Cadence)). */
    public static String write(ActivityRecord activity) {
        Objects.requireNonNull(activity, "activity");
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(out);
            writeDocument(xml, activity);
            xml.close();
            return out.toString();
        } catch (XMLStreamException | RuntimeException e) {
            throw new ActivityFileException("could not write the workout as TCX: " + e.getClass().getSimpleName(), e);
        }
    }

    /** TCX carries UTC times only, so the caller gives the zone offset it knows from elsewhere. Multiple laps are concatenated. */
    public static ActivityRecord read(String tcx, ZoneOffset zoneOffset, Provenance provenance) {
        if (tcx == null || tcx.isBlank()) {
            throw new ActivityFileException("empty TCX document");
        }
        Element root;
        try {
            root = parse(tcx);
        } catch (ActivityFileException e) {
            throw e;
        } catch (XMLStreamException | RuntimeException e) {
            throw new ActivityFileException("unreadable TCX document: " + e.getClass().getSimpleName(), e);
        }
        try {
            return toActivity(root, zoneOffset, provenance);
        } catch (ActivityFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ActivityFileException("TCX document is not a usable activity: " + e.getClass().getSimpleName(), e);
        }
    }

    // ---------------------------------------------------------------- writing

    private static void writeDocument(XMLStreamWriter xml, ActivityRecord activity) throws XMLStreamException {
        Instant start = activity.start().truncatedTo(ChronoUnit.SECONDS);
        xml.writeStartDocument("UTF-8", "1.0");
        xml.setDefaultNamespace(TCX_NS);
        xml.setPrefix("ns3", ACTIVITY_EXTENSION_NS);
        xml.setPrefix("sw", SYNCWELL_NS);
        xml.writeStartElement(TCX_NS, "TrainingCenterDatabase");
        xml.writeDefaultNamespace(TCX_NS);
        xml.writeNamespace("ns3", ACTIVITY_EXTENSION_NS);
        xml.writeNamespace("sw", SYNCWELL_NS);
        xml.writeNamespace("xsi", XSI_NS);
        xml.writeAttribute(XSI_NS, "schemaLocation", TCX_NS + " http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd");

        xml.writeStartElement(TCX_NS, "Activities");
        xml.writeStartElement(TCX_NS, "Activity");
        xml.writeAttribute("Sport", tcxSport(activity.sport()));
        text(xml, "Id", time(start));

        Double kcal = activity.kilocalories();
        long calories = kcal != null && kcal >= 0 && kcal < 65_535 ? Math.round(kcal) : 0;
        if (activity.laps().isEmpty()) {
            writeLap(xml, start, activity.end(), activity.distanceMetres(), calories, activity.samples());
        } else {
            writeLaps(xml, activity, calories);
        }

        if (activity.name() != null && !activity.name().isBlank()) {
            text(xml, "Notes", activity.name());
        }
        xml.writeStartElement(TCX_NS, "Extensions");
        xml.writeEmptyElement(SYNCWELL_NS, "SyncWell");
        xml.writeAttribute("sport", (activity.sport() == null ? Sport.OTHER : activity.sport()).wire());
        xml.writeEndElement(); // Extensions
        xml.writeEndElement(); // Activity
        xml.writeEndElement(); // Activities
        xml.writeEndElement(); // TrainingCenterDatabase
        xml.writeEndDocument();
    }

    /**
     * Each lap with the trackpoints recorded in it (those before the first lap stay with the first, those after the last
     * with the last) and its share of the calories.
     */
    private static void writeLaps(XMLStreamWriter xml, ActivityRecord activity, long calories) throws XMLStreamException {
        List<ActivityLap> laps = activity.laps();
        List<ActivitySample> samples = activity.samples();
        long[] lapCalories = shares(calories, laps.stream().mapToLong(lap -> Duration.between(lap.start(), lap.end()).toMillis()).toArray());
        int next = 0;
        for (int index = 0; index < laps.size(); index++) {
            int from = next;
            Instant nextLapStart = index == laps.size() - 1 ? null : laps.get(index + 1).start();
            while (next < samples.size() && (nextLapStart == null || samples.get(next).time().isBefore(nextLapStart))) {
                next++;
            }
            ActivityLap lap = laps.get(index);
            writeLap(xml, lap.start().truncatedTo(ChronoUnit.SECONDS), lap.end(), lap.distanceMetres(), lapCalories[index],
                    samples.subList(from, next));
        }
    }

    private static void writeLap(XMLStreamWriter xml, Instant start, Instant end, Double distance, long calories,
                                 List<ActivitySample> samples) throws XMLStreamException {
        xml.writeStartElement(TCX_NS, "Lap");
        xml.writeAttribute("StartTime", time(start));
        // from the whole-second start, so the end survives to the millisecond
        text(xml, "TotalTimeSeconds", number(Duration.between(start, end).toMillis() / 1000.0));
        text(xml, "DistanceMeters", number(distance != null && distance >= 0 ? distance : 0.0));
        text(xml, "Calories", Long.toString(calories));
        text(xml, "Intensity", "Active");
        text(xml, "TriggerMethod", "Manual");
        if (!samples.isEmpty()) {
            xml.writeStartElement(TCX_NS, "Track");
            for (ActivitySample sample : samples) {
                writeTrackpoint(xml, sample);
            }
            xml.writeEndElement();
        }
        xml.writeEndElement(); // Lap
    }

    /**
     * Whole calories for each lap in proportion to its duration, adding up to the workout's: TCX keeps calories per lap
     * only, and a reader sums them (largest remainders get the calories rounding left over).
     */
    static long[] shares(long total, long[] weights) {
        long sum = Arrays.stream(weights).sum();
        long[] shares = new long[weights.length];
        if (sum <= 0 || total <= 0) {
            return shares;
        }
        double[] remainders = new double[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = (double) total * weights[i] / sum;
            shares[i] = (long) Math.floor(exact);
            remainders[i] = exact - shares[i];
            given += shares[i];
        }
        Integer[] byRemainder = new Integer[weights.length];
        for (int i = 0; i < weights.length; i++) {
            byRemainder[i] = i;
        }
        Arrays.sort(byRemainder, (a, b) -> Double.compare(remainders[b], remainders[a]));
        for (int k = 0; given < total; k++, given++) {
            shares[byRemainder[k % weights.length]]++;
        }
        return shares;
    }

    private static void writeTrackpoint(XMLStreamWriter xml, ActivitySample sample) throws XMLStreamException {
        xml.writeStartElement(TCX_NS, "Trackpoint");
        text(xml, "Time", time(sample.time()));
        if (sample.hasPosition() && Math.abs(sample.latitude()) <= 90 && Math.abs(sample.longitude()) <= 180) {
            xml.writeStartElement(TCX_NS, "Position");
            text(xml, "LatitudeDegrees", number(sample.latitude()));
            text(xml, "LongitudeDegrees", number(sample.longitude()));
            xml.writeEndElement();
        }
        if (sample.altitudeMetres() != null) {
            text(xml, "AltitudeMeters", number(sample.altitudeMetres()));
        }
        if (sample.distanceMetres() != null && sample.distanceMetres() >= 0) {
            text(xml, "DistanceMeters", number(sample.distanceMetres()));
        }
        // the schema's heart rate is 1..255 and cadence 0..254, both whole
        if (sample.heartRate() != null && sample.heartRate() >= 0.5 && sample.heartRate() < 255.5) {
            xml.writeStartElement(TCX_NS, "HeartRateBpm");
            text(xml, "Value", Long.toString(Math.round(sample.heartRate())));
            xml.writeEndElement();
        }
        if (sample.cadence() != null && sample.cadence() >= 0 && sample.cadence() < 254.5) {
            text(xml, "Cadence", Long.toString(Math.round(sample.cadence())));
        }
        if (sample.powerWatts() != null && sample.powerWatts() >= 0 && sample.powerWatts() < 65_535.5) {
            xml.writeStartElement(TCX_NS, "Extensions");
            xml.writeStartElement(ACTIVITY_EXTENSION_NS, "TPX");
            xml.writeStartElement(ACTIVITY_EXTENSION_NS, "Watts");
            xml.writeCharacters(Long.toString(Math.round(sample.powerWatts())));
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void text(XMLStreamWriter xml, String element, String value) throws XMLStreamException {
        xml.writeStartElement(TCX_NS, element);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Plain decimal notation: xsd:double allows exponents, but not every TCX reader does. */
    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String tcxSport(Sport sport) {
        return switch (sport == null ? Sport.OTHER : sport) {
            case RUN -> "Running";
            case RIDE -> "Biking";
            default -> "Other";
        };
    }

    // ---------------------------------------------------------------- reading

    /** The parsed document: small enough (a few MB at most) to hold as a tree. */
    private static final class Element {
        final String namespace;
        final String name;
        final Map<String, String> attributes = new HashMap<>();
        final List<Element> children = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        Element(String namespace, String name) {
            this.namespace = namespace == null ? "" : namespace;
            this.name = name;
        }

        Element child(String local) {
            for (Element child : children) {
                if (child.name.equals(local)) {
                    return child;
                }
            }
            return null;
        }

        List<Element> all(String local) {
            return children.stream().filter(c -> c.name.equals(local)).toList();
        }

        String text(String local) {
            Element child = child(local);
            if (child == null) {
                return null;
            }
            String value = child.text.toString().trim();
            return value.isEmpty() ? null : value;
        }
    }

    private static XMLInputFactory hardened(XMLInputFactory factory) {
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        return factory;
    }

    private static Element parse(String tcx) throws XMLStreamException {
        XMLStreamReader reader = INPUT.createXMLStreamReader(new StringReader(tcx));
        try {
            List<Element> open = new ArrayList<>();
            Element root = null;
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.DTD -> throw new ActivityFileException("TCX document with a DOCTYPE is refused");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new ActivityFileException("TCX document with entity references is refused");
                    case XMLStreamConstants.START_ELEMENT -> {
                        Element element = new Element(reader.getNamespaceURI(), reader.getLocalName());
                        for (int i = 0; i < reader.getAttributeCount(); i++) {
                            element.attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
                        }
                        if (open.isEmpty()) {
                            root = element;
                        } else {
                            open.get(open.size() - 1).children.add(element);
                        }
                        open.add(element);
                    }
                    case XMLStreamConstants.END_ELEMENT -> open.remove(open.size() - 1);
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!open.isEmpty()) {
                            open.get(open.size() - 1).text.append(reader.getText());
                        }
                    }
                    default -> {
                        // comments and processing instructions carry nothing
                    }
                }
            }
            if (root == null) {
                throw new ActivityFileException("TCX document has no root element");
            }
            return root;
        } finally {
            reader.close();
        }
    }

    private static ActivityRecord toActivity(Element root, ZoneOffset zoneOffset, Provenance provenance) {
        if (!root.name.equals("TrainingCenterDatabase")) {
            throw new ActivityFileException("not a TCX document: root element " + root.name);
        }
        Element activities = root.child("Activities");
        Element activity = activities == null ? null : activities.child("Activity");
        if (activity == null) {
            throw new ActivityFileException("TCX document has no Activities/Activity");
        }
        TemporalAccessor id = activity.text("Id") == null ? null : parseTime(activity.text("Id"), "Id");
        List<Element> laps = activity.all("Lap");
        if (id == null && laps.isEmpty()) {
            throw new ActivityFileException("TCX activity has neither an Id nor a lap");
        }

        Instant start = id == null ? null : Instant.from(id);
        Instant end = null;
        double distance = 0;
        double kcal = 0;
        List<ActivitySample> samples = new ArrayList<>();
        List<ActivityLap> activityLaps = new ArrayList<>();
        for (Element lap : laps) {
            Instant lapStart = lap.attributes.containsKey("StartTime")
                    ? Instant.from(parseTime(lap.attributes.get("StartTime"), "Lap StartTime")) : null;
            Double lapDistance = number(lap.text("DistanceMeters"), "Lap DistanceMeters");
            if (lapStart != null) {
                start = start == null || lapStart.isBefore(start) ? lapStart : start;
                Double seconds = number(lap.text("TotalTimeSeconds"), "TotalTimeSeconds");
                if (seconds != null && seconds > 0) {
                    Instant lapEnd = lapStart.plusMillis(Math.round(seconds * 1000));
                    end = later(end, lapEnd);
                    // DistanceMeters is required in a lap: writers put 0 when they do not know it
                    activityLaps.add(new ActivityLap(lapStart, lapEnd, lapDistance == null || lapDistance == 0 ? null : lapDistance));
                }
            }
            distance += orZero(lapDistance);
            kcal += orZero(number(lap.text("Calories"), "Calories"));
            for (Element track : lap.all("Track")) {
                for (Element point : track.all("Trackpoint")) {
                    ActivitySample sample = sample(point);
                    if (sample != null) {
                        samples.add(sample);
                    }
                }
            }
        }
        samples.sort(Comparator.comparing(ActivitySample::time));
        if (start == null && !samples.isEmpty()) {
            start = samples.get(0).time();
        }
        if (!samples.isEmpty()) {
            // lap time is the timer's (pauses excluded): the last trackpoint may lie beyond it
            end = later(end, samples.get(samples.size() - 1).time());
        }
        if (start == null || end == null || !start.isBefore(end)) {
            throw new ActivityFileException("TCX activity has no duration");
        }
        ZoneOffset offset = zoneOffset != null ? zoneOffset
                : id != null && id.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(id) : ZoneOffset.UTC;
        activityLaps.sort(Comparator.comparing(ActivityLap::start));
        return new ActivityRecord(start, end, sport(activity), activity.text("Notes"), distance > 0 ? distance : null,
                kcal > 0 ? kcal : null, samples, offset, provenance, activityLaps);
    }

    private static Sport sport(Element activity) {
        Element extensions = activity.child("Extensions");
        Element syncWell = extensions == null ? null : extensions.child("SyncWell");
        if (syncWell != null && SYNCWELL_NS.equals(syncWell.namespace) && syncWell.attributes.get("sport") != null) {
            try {
                return Sport.fromWire(syncWell.attributes.get("sport"));
            } catch (IllegalArgumentException unknown) {
                // a newer writer's sport: fall back to the TCX sport
            }
        }
        String sport = activity.attributes.getOrDefault("Sport", "").trim().toLowerCase(Locale.ROOT);
        return switch (sport) {
            case "running" -> Sport.RUN;
            case "biking" -> Sport.RIDE;
            default -> Sport.WORKOUT;
        };
    }

    private static ActivitySample sample(Element point) {
        String time = point.text("Time");
        if (time == null) {
            return null; // a trackpoint without a time cannot be placed
        }
        Double latitude = null;
        Double longitude = null;
        Element position = point.child("Position");
        if (position != null) {
            latitude = number(position.text("LatitudeDegrees"), "LatitudeDegrees");
            longitude = number(position.text("LongitudeDegrees"), "LongitudeDegrees");
            if (latitude == null || longitude == null || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
                latitude = null;
                longitude = null;
            }
        }
        Element heartRate = point.child("HeartRateBpm");
        Double watts = null;
        Element extensions = point.child("Extensions");
        Element tpx = extensions == null ? null : extensions.child("TPX");
        if (tpx != null) {
            watts = number(tpx.text("Watts"), "Watts");
        }
        return new ActivitySample(Instant.from(parseTime(time, "Trackpoint Time")), latitude, longitude,
                number(point.text("AltitudeMeters"), "AltitudeMeters"),
                heartRate == null ? null : number(heartRate.text("Value"), "HeartRateBpm"),
                number(point.text("DistanceMeters"), "DistanceMeters"),
                number(point.text("Cadence"), "Cadence"), watts);
    }

    /** xsd:dateTime with fraction and offset; without an offset TCX means UTC. */
    private static TemporalAccessor parseTime(String text, String what) {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text.trim());
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return OffsetDateTime.from(parsed);
            }
            return LocalDateTime.from(parsed).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ActivityFileException("TCX " + what + " is not a date-time");
        }
    }

    private static Double number(String text, String what) {
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new ActivityFileException("TCX " + what + " is not a finite number");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ActivityFileException("TCX " + what + " is not a number");
        }
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
