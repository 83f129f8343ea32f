package activityfiles;

/**
 * An activity file that cannot be read as a workout (not FIT/TCX, damaged, no time span) or a workout that cannot
 * be written. The reason names what is wrong with the file, never a health value.
 */
public class ActivityFileException extends RuntimeException {

    public ActivityFileException(String reason) {
        super(reason);
    }

    public ActivityFileException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
