package deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout {@code terraform fmt} gives a file, as far as it can be checked without the binary: two-space indents,
 * no tabs or trailing blanks, one newline at the end, and the {@code =} of consecutive one-line arguments of a block
 * aligned one space after the longest name.
 */
final class TerraformLayout {

    private static final Pattern ONE_LINE_ARGUMENT = Pattern.compile("^( *)([A-Za-z0-9_\"-]+)( *)= (.*)$");

    private TerraformLayout() {
    }

    static void check(Path file, List<String> lines) {
        List<String> problems = new ArrayList<>();
        List<Integer> group = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = file + ":" + (i + 1);
            if (line.contains("\t")) {
                problems.add(where + " has a tab");
            }
            if (!line.isEmpty() && Character.isWhitespace(line.charAt(line.length() - 1))) {
                problems.add(where + " ends in blanks");
            }
            int indent = line.length() - line.stripLeading().length();
            if (indent % 2 != 0 && !line.isBlank()) {
                problems.add(where + " is indented by an odd number of spaces");
            }
            Matcher argument = ONE_LINE_ARGUMENT.matcher(line);
            boolean oneLine = argument.matches() && !opensSomething(argument.group(4));
            if (oneLine && (group.isEmpty() || indentOf(lines.get(group.get(0))) == indent)) {
                group.add(i);
            } else {
                checkAligned(file, lines, group, problems);
                group.clear();
                if (oneLine) {
                    group.add(i);
                }
            }
        }
        checkAligned(file, lines, group, problems);
        assertThat(problems).as("terraform fmt layout").isEmpty();
    }

    private static boolean opensSomething(String value) {
        String trimmed = value.replaceAll("#.*$", "").trim();
        return trimmed.endsWith("[") || trimmed.endsWith("{") || trimmed.endsWith("(") || trimmed.startsWith("<<");
    }

    private static int indentOf(String line) {
        return line.length() - line.stripLeading().length();
    }

    private static void checkAligned(Path file, List<String> lines, List<Integer> group, List<String> problems) {
        int longest = 0;
        for (int i : group) {
            Matcher argument = ONE_LINE_ARGUMENT.matcher(lines.get(i));
            argument.matches();
            longest = Math.max(longest, argument.group(2).length());
        }
        for (int i : group) {
            Matcher argument = ONE_LINE_ARGUMENT.matcher(lines.get(i));
            argument.matches();
            if (argument.group(2).length() + argument.group(3).length() != longest + 1) {
                problems.add(file + ":" + (i + 1) + " '=' not aligned one space after the longest name of its group");
            }
        }
    }
}
