package sandbox.googlehealth;

import java.util.List;

import activityfiles.TcxActivityFile;
import model.ActivityRecord;
import model.ActivitySample;
import model.Provenance;
import sandbox.common.SandboxProvider;

/**
 * The TCX export of an exercise, written by the same codec the engine reads TCX with: the session's interval, sport,
 * distance and calories, its laps, and its samples — only those with a position unless partial data is asked for, as the API
 * leaves out data points "when the GPS data is not available" by default.
 */
final class GoogleHealthTcx {

    private GoogleHealthTcx() {
    }

    static String export(GoogleHealthPoint point, boolean partialData) {
        GoogleHealthExercise exercise = point.exercise();
        List<ActivitySample> samples = partialData ? exercise.samples()
                : exercise.samples().stream().filter(ActivitySample::hasPosition).toList();
        ActivityRecord activity = new ActivityRecord(point.start(), point.end(), GoogleHealthExercise.sport(exercise.exerciseType()),
                exercise.displayName(), exercise.distanceMillimeters() == null ? null : exercise.distanceMillimeters() / 1000,
                exercise.caloriesKcal(), samples, point.startOffset(),
                new Provenance(SandboxProvider.GOOGLE_HEALTH.id(), point.id(), point.origin().label()), exercise.laps());
        return TcxActivityFile.write(activity);
    }
}
