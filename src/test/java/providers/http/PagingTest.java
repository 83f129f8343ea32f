package providers.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import failures.PermanentSyncException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PagingTest {

    @Test
    void followsCursorsUntilThereIsNone() {
        List<String> read = new ArrayList<>();
        Paging.follow("p", "", token -> {
            read.add(token);
            return switch (token) {
                case "" -> Optional.of("b");
                case "b" -> Optional.of("c");
                default -> Optional.empty();
            };
        });
        assertThat(read).containsExactly("", "b", "c");
    }

    @Test
    void aCursorGivenTwiceIsRefusedInsteadOfLoopingForever() {
        assertThatThrownBy(() -> Paging.follow("withings", 0, offset -> Optional.of(offset == 0 ? 50 : 0)))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("withings").hasMessageContaining("already given");
    }

    @Test
    void endlessPagingIsRefused() {
        assertThatThrownBy(() -> Paging.follow("strava", 1, page -> Optional.of(page + 1)))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("more than " + Paging.MAX_PAGES);
    }
}
