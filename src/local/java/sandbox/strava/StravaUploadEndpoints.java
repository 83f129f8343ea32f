package sandbox.strava;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import activityfiles.ActivityFileException;
import activityfiles.FitActivityFile;
import activityfiles.TcxActivityFile;
import model.ActivityRecord;
import model.Provenance;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;

/**
 * {@code POST /uploads} (multipart: {@code file}, {@code data_type}, {@code external_id}, {@code name}) answers 201 with
 * the upload "still being processed"; {@code GET /uploads/{id}} tells how it ended once the athlete's processing
 * delay has passed: ready with its {@code activity_id}, or an error (Strava's duplicate message, an unreadable file).
 * The sandbox reads FIT and TCX files (also gzipped); GPX, which Strava also takes, is refused.
 */
final class StravaUploadEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(StravaUploadEndpoints.class);
    private static final Set<String> DATA_TYPES = Set.of("fit", "fit.gz", "tcx", "tcx.gz", "gpx", "gpx.gz");
    private static final int MAX_EXTERNAL_ID = 255;

    private final Clock clock;

    StravaUploadEndpoints(Clock clock) {
        this.clock = clock;
    }

    ApiAnswer create(RoutingContext ctx, StravaUser user) {
        MultiMap form = ctx.request().formAttributes();
        String dataType = form.get("data_type");
        if (dataType == null || !DATA_TYPES.contains(dataType)) {
            throw ApiProblem.invalid("Upload:data_type", "Bad Request");
        }
        if (dataType.startsWith("gpx")) {
            throw new ApiProblem(400, "Upload:data_type", "The sandbox reads FIT and TCX files only");
        }
        FileUpload file = ctx.fileUploads().stream().filter(f -> "file".equals(f.name())).findFirst()
                .orElseThrow(() -> new ApiProblem(400, "Upload:file", "Bad Request"));
        String externalId = form.get("external_id");
        if (externalId != null && (externalId.isBlank() || externalId.length() > MAX_EXTERNAL_ID)) {
            throw ApiProblem.invalid("Upload:external_id", "Bad Request");
        }
        String fileName = file.fileName() == null || file.fileName().isBlank() ? "upload.fit" : file.fileName();
        StravaUpload upload;
        try {
            byte[] content = read(file, dataType.endsWith(".gz"));
            Provenance provenance = new Provenance("strava-upload", externalId, null);
            ActivityRecord record;
            ZoneOffset utcOffset;
            if (dataType.startsWith("fit")) {
                // a FIT file carries the offset it was recorded in (local_timestamp − timestamp); equal ones mean UTC
                record = FitActivityFile.read(content, provenance);
                utcOffset = record.zoneOffset();
            } else {
                // TCX times are UTC; only an Id written with a non-zero offset tells the athlete's, else their zone gives it
                record = TcxActivityFile.read(new String(content, StandardCharsets.UTF_8), null, provenance);
                utcOffset = ZoneOffset.UTC.equals(record.zoneOffset()) ? null : record.zoneOffset();
            }
            upload = user.upload(fileName, externalId, form.get("name"), record, utcOffset, clock.instant());
        } catch (ActivityFileException | java.util.zip.ZipException e) {
            LOG.info("Sandbox strava cannot read upload {} of athlete {}: {}", fileName, user.id(), e.getMessage());
            upload = user.failedUpload(externalId, fileName + " could not be read: " + e.getMessage(), clock.instant());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // processing is asynchronous at Strava: the first answer never tells the outcome
        com.fasterxml.jackson.databind.node.ObjectNode answer = upload.answer(java.time.Instant.MIN);
        return ApiAnswer.json(201, answer);
    }

    ApiAnswer get(RoutingContext ctx, StravaUser user) {
        String id = ctx.pathParam("id");
        if (!id.matches("\\d{1,18}")) {
            throw new ApiProblem(404, "Upload:id", "Record Not Found");
        }
        StravaUpload upload = user.upload(Long.parseLong(id)).orElseThrow(() -> new ApiProblem(404, "Upload:id", "Record Not Found"));
        return ApiAnswer.ok(upload.answer(clock.instant()));
    }

    private static byte[] read(FileUpload file, boolean gzipped) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(file.uploadedFileName()));
        if (!gzipped) {
            return bytes;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readNBytes(64 * 1024 * 1024);
        }
    }
}
