package it;

import static org.assertj.core.api.Assertions.assertThat;
import static support.ConsoleBrowser.find;
import static support.ConsoleBrowser.go;
import static support.ConsoleBrowser.screenshots;
import static support.ConsoleBrowser.signIn;
import static support.ConsoleBrowser.waitFor;
import static support.ConsoleBrowser.waitForText;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.ConsoleBrowser;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

/**
 * The console in a real browser (headless Chromium) against the running app: what a person does and sees, each step
 * asserted on what the page shows, and screenshots of each view at a desktop's width and at 375 px
 * ({@code target/console-screenshots/}).
 */
@Order(6)
@ExtendWith({SharedSyncWell.class, ConsoleBrowser.class})
class ConsoleTest {

    private static final List<String> TYPES = List.of("steps", "heart_rate", "sleep", "weight", "activities");

    private final SyncWellInstance app = SharedSyncWell.instance();

    @AfterEach
    void theBrowsersConsoleHeldNoErrorAndNoData() {
        // nothing written by the page, no refused script or style (CSP), no failed load
        assertThat(ConsoleBrowser.consoleMessages()).isEmpty();
    }

    @Test
    void aPersonLinksTwoAccountsCreatesAConnectionAndWatchesItsFirstSyncArrive() {
        String user = "console-" + UUID.randomUUID();
        ApiClient api = app.api(user);
        signIn(app.apiUrl(), ApiClient.token(user, "user"), "accounts");
        assertThat(ConsoleBrowser.driver().getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token");

        // Link runs the real OAuth flow: the sandbox's consent page approves at once and its callback sends us back
        for (String provider : List.of("googlehealth", "googlefit")) {
            find("tr[data-provider=" + provider + "] button.primary").click();
            waitForText("#notice", provider + " linked");
            waitForText("tr[data-provider=" + provider + "]", "Linked");
        }
        assertThat(api.get("/v1/accounts").json().findValuesAsText("status")).containsExactly("linked", "linked");
        screenshots("accounts");

        go("connections");
        find("#new-connection").click();
        find("#create-connection button[type=submit]").click();
        assertThat(waitForText("#create-connection #error-source", "required")).contains("field 'source' is required");
        new Select(find("#create-connection [name=source]")).selectByValue("googlehealth");
        new Select(find("#create-connection [name=destination]")).selectByValue("googlehealth");
        find("#create-connection [name=schedule]").sendKeys("often");
        find("#create-connection button[type=submit]").click();
        assertThat(waitForText("#create-connection #error-destination", "different"))
                .contains("source and destination must be different providers");
        new Select(find("#create-connection [name=destination]")).selectByValue("googlefit");
        find("#create-connection button[type=submit]").click();
        assertThat(waitForText("#create-connection #error-schedule", "ISO-8601")).contains("schedule must be an ISO-8601 duration");
        screenshots("new-connection");
        assertThat(ConsoleBrowser.driver().findElement(By.cssSelector("#create-connection #error-destination")).getText())
                .as("the earlier refusal is cleared").isEmpty();
        find("#create-connection [name=schedule]").clear();
        find("#create-connection button[type=submit]").click();
        WebElement card = find("section.connection");
        assertThat(card.findElement(By.tagName("h2")).getText()).isEqualTo("Google Health API → Google Fit");
        String connectionId = card.getAttribute("data-connection");
        assertThat(card.findElements(By.cssSelector("td.last-sync")).stream().map(WebElement::getText)).containsOnly("never");

        // "Sync now": the page follows the jobs by itself — a mark set on this page survives, so it never reloaded
        ((JavascriptExecutor) ConsoleBrowser.driver()).executeScript("window.sameLoad = true");
        card.findElement(By.cssSelector("[data-action=sync]")).click();
        waitForText("#notice", "Sync queued");
        waitFor(d -> d.findElements(By.cssSelector("section.connection td.last-sync time")).size() == TYPES.size() ? true : null);
        waitFor(d -> d.findElements(By.cssSelector("section.connection td.last-job .state-succeeded")).size() == TYPES.size() ? true : null);
        assertThat(((JavascriptExecutor) ConsoleBrowser.driver()).executeScript("return window.sameLoad")).isEqualTo(true);
        WebElement lastSync = find("section.connection tr[data-type=steps] td.last-sync time");
        assertThat(lastSync.getText()).matches("(now|\\d+ seconds? ago)");
        String exactTime = java.time.format.DateTimeFormatter.ofPattern("h:mm:ss a", java.util.Locale.US)
                .format(java.time.Instant.parse(api.get("/v1/connections/" + connectionId).json().at("/status/steps/lastSyncTime").asText())
                        .atZone(ConsoleBrowser.ZONE));
        assertThat(lastSync.getAttribute("title").replace('\u202f', ' ')).as("the exact time in the browser's zone, on hover")
                .contains(exactTime);
        assertThat(waitForText("section.connection tr[data-type=steps] td.counts", "written")).contains("fetched");
        JsonNode connection = api.get("/v1/connections/" + connectionId).json();
        for (String type : TYPES) {
            assertThat(connection.at("/status/" + type + "/lastSyncTime").isTextual()).as(type).isTrue();
        }
        screenshots("connections");

        // the jobs, each with its history as a timeline
        go("jobs?connection=" + connectionId);
        WebElement job = find("details.job");
        job.findElement(By.tagName("summary")).click();
        String timeline = job.findElement(By.cssSelector(".timeline")).getText();
        assertThat(timeline).contains("QUEUED", "IN_PROGRESS", "SUCCEEDED");
        new Select(find("#filter-type")).selectByValue("weight");
        waitFor(d -> d.findElements(By.cssSelector("details.job")).size() == 1 ? true : null);
        assertThat(find("details.job summary").getText()).contains("Weight", "SUCCEEDED");
        if (find("details.job").getAttribute("open") == null) {
            find("details.job summary").click();
        }
        waitForText("details.job .timeline", "SUCCEEDED");
        screenshots("jobs");
    }

    @Test
    void aDryRunShowsThePlanOfEachTypeWithTheReasonsForItsSkips() {
        TestUser user = TestUser.linkedTo(app, "googlehealth", "googlefit");
        String connectionId = user.connect("googlehealth", "googlefit", List.of("steps", "weight"));
        signIn(app.apiUrl(), ApiClient.token(user.id, "user"), "connections");

        // by keyboard alone: Tab from the page's start until "Dry run" has the focus, then Enter
        ConsoleBrowser.pressTabUntil("[data-action=dry-run]");
        ConsoleBrowser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
        WebElement plan = find("#dry-run-" + connectionId);
        waitFor(d -> plan.findElements(By.cssSelector(".plan-type .plan-counts")).size() == 2 ? true : null);
        // the page shows what the API's dry-run jobs planned, type by type, and wrote nothing
        for (JsonNode job : user.api.get("/v1/connections/" + connectionId + "/jobs").json()) {
            assertThat(job.get("dryRun").asBoolean()).isTrue();
            JsonNode planned = job.get("plan");
            WebElement shown = plan.findElement(By.cssSelector(".plan-type[data-type=" + job.get("dataType").asText() + "]"));
            assertThat(shown.findElement(By.cssSelector(".plan-counts")).getText()).isEqualTo(planned.get("create").asInt()
                    + " to create · " + planned.get("replace").asInt() + " to replace · " + planned.get("merge").asInt()
                    + " to merge · " + planned.get("skip").asInt() + " to skip");
            planned.get("skipReasons").fields().forEachRemaining(reason -> assertThat(shown.getText())
                    .contains(reason.getValue().asInt() + " skipped: " + reason.getKey()));
        }
        assertThat(plan.getText()).contains("to create");
        assertThat(find("section.connection tr[data-type=steps] td.last-sync").getText()).as("a dry run moves no cursor")
                .isEqualTo("never");
        plan.findElement(By.cssSelector("details summary")).click();
        screenshots("dry-run");
    }

    @Test
    void aBackfillsProgressBarReachesOneHundredPercent() {
        TestUser user = TestUser.linkedTo(app, "googlehealth", "googlefit");
        String connectionId = user.connect("googlehealth", "googlefit", List.of("steps", "weight"));
        signIn(app.apiUrl(), ApiClient.token(user.id, "user"), "backfills?connection=" + connectionId);

        WebElement form = find("#request-backfill");
        WebElement from = form.findElement(By.name("from"));
        // a date input takes its value typed in the browser's locale; set as a script would, then announced to the page
        ((JavascriptExecutor) ConsoleBrowser.driver()).executeScript("arguments[0].value = arguments[1]", from,
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(10).toString());
        form.findElement(By.cssSelector("input[name=dataTypes][value=weight]")).click();
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waitForText("#notice", "Backfill requested");
        waitForText("section.backfill .percent", "100 %");
        waitForText("section.backfill .badge", "succeeded");
        assertThat(find("section.backfill .progress").getAttribute("aria-valuenow")).isEqualTo("100");
        // the list is drawn anew as it polls: the element is looked up afresh
        String backfillId = waitFor(d -> d.findElement(By.cssSelector("section.backfill")).getAttribute("data-backfill"));
        JsonNode answered = user.api.get("/v1/backfills/" + backfillId).json();
        assertThat(find("section.backfill .progress-text").getText()).contains(
                answered.at("/windows/total").asInt() + " of " + answered.at("/windows/total").asInt() + " windows",
                answered.at("/counts/written").asInt() + " records written");
        assertThat(answered.at("/counts/fetched").asInt()).isPositive();
        screenshots("backfills");
    }

    @Test
    void anOperatorReplaysADeadLetterOnceItsCauseIsGoneAndTheDataArrives() {
        TestUser user = TestUser.linkedTo(app, "googlehealth", "googlefit");
        String connectionId = user.connect("googlehealth", "googlefit", List.of("weight"));
        String googleUser = user.providerUser("googlefit");
        int before = app.sandbox().read("googlefit", googleUser, "weight").size();
        // one malformed answer from the source: the job fails for good, and the fault is spent (the cause is gone)
        app.sandbox().fault("googlehealth", user.providerUser("googlehealth"), java.util.Map.of("malformed", true, "count", 1));
        String jobId = SyncScenario.requestSync(user, connectionId).get(0);
        assertThat(SyncScenario.awaitFinished(user, jobId).get("state").asText()).isEqualTo("MOVED_TO_DLQ");

        signIn(app.apiUrl(), ApiClient.token("operator-" + UUID.randomUUID(), "user", "admin"), "dead-letters");
        WebElement letter = waitFor(d -> d.findElements(By.cssSelector("tr[data-dead-letter]")).stream()
                .filter(row -> row.getText().contains(jobId)).findFirst().orElse(null));
        assertThat(letter.getText()).contains("googlehealth", "fetch-source");
        assertThat(find("#dead-letter-count .figure").getText()).matches("\\d+\\+?");
        assertThat(find("[data-queue=hot]").getText()).contains("Hot queue");
        screenshots("dead-letters");

        letter.findElement(By.cssSelector("[data-action=replay]")).click();
        waitForText("#notice", "Replayed: job " + jobId);
        waitForText("#replayed tr[data-replayed] .replayed-state", "SUCCEEDED");
        waitFor(d -> d.findElements(By.cssSelector("tr[data-dead-letter]")).stream().noneMatch(row -> row.getText().contains(jobId))
                ? true : null);
        JsonNode replayed = user.api.get("/v1/jobs/" + jobId).json();
        int written = replayed.at("/counts/written").asInt();
        assertThat(written).isPositive();
        assertThat(find("#replayed").getText()).contains(written + " written");
        assertThat(app.sandbox().read("googlefit", googleUser, "weight").size()).as("the data arrived").isEqualTo(before + written);
        screenshots("dead-letters-replayed");

        // the job behind it, as the operator follows its link
        find("#replayed tr[data-replayed] a").click();
        WebElement opened = find("details.job[open]");
        assertThat(opened.findElement(By.cssSelector(".timeline")).getText()).contains("MOVED_TO_DLQ", "replayed from dead letter",
                "SUCCEEDED");
        screenshots("job");
    }

    @Test
    void theRecordsViewSaysWhyARecordWasSkippedInTwoClicks() {
        TestUser user = TestUser.linkedWithNoData(app, "googlehealth", "googlefit");
        java.time.Instant morning = java.time.Instant.now().minus(java.time.Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        java.time.Instant evening = morning.plus(java.time.Duration.ofHours(12));
        app.sandbox().seed("googlehealth", user.providerUser("googlehealth"), "weight", List.of(
                java.util.Map.of("time", morning.toString(), "kg", 72.4), java.util.Map.of("time", evening.toString(), "kg", 72.0)));
        // the destination already holds the morning's weighing, as another scale app wrote it
        app.sandbox().seed("googlefit", user.providerUser("googlefit"), "weight", List.of(
                java.util.Map.of("time", morning.toString(), "kg", 73.1)));
        ApiClient.Answer created = user.api.post("/v1/connections", java.util.Map.of("source", "googlehealth", "destination", "googlefit",
                "dataTypes", List.of("weight"), "conflictStrategy", "PRIORITIZE_DESTINATION"));
        String connectionId = created.json().get("id").asText();
        JsonNode job = SyncScenario.awaitFinished(user, SyncScenario.requestSync(user, connectionId).get(0));
        assertThat(job.at("/counts/skipped").asInt()).isEqualTo(1);

        signIn(app.apiUrl(), ApiClient.token(user.id, "user"), "connections");
        find("section.connection a[href*=records]").click();
        new Select(find("#records-filter [name=outcome]")).selectByValue("skipped");
        find("#records-filter button[type=submit]").click();
        waitForText("#records-summary", "1 of 1 records");
        WebElement skipped = find("#records li.record");
        assertThat(skipped.getText()).contains("Weight", "skipped",
                "skipped: destination has data for this period (PRIORITIZE_DESTINATION) — googlefit holds", job.get("id").asText());
        assertThat(skipped.findElement(By.tagName("time")).getAttribute("datetime")).isEqualTo(morning.toString());

        new Select(find("#records-filter [name=outcome]")).selectByValue("");
        find("#records-filter button[type=submit]").click();
        waitForText("#records-summary", "2 of 2 records");
        assertThat(find("#records li.record.outcome-written").getText()).contains("created at googlefit as syncwell-");
        find("#records-filter [name=q]").sendKeys("skipped");
        waitForText("#records-summary", "1 of 2 records match");
        screenshots("records");

        JsonNode ledger = user.api.get("/v1/connections/" + connectionId + "/records?outcome=skipped").json();
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).get("detail").asText()).isEqualTo("destination has data for this period (PRIORITIZE_DESTINATION)");
        assertThat(ledger.toString()).as("no health value in the ledger").doesNotContain("72.4", "73.1", "72.0");
    }

    @Test
    void aTokenPastedInSignsInAndARefusedOneAsksForAnother() {
        // aws mode's way in: the page asks for the token the identity provider issued
        ConsoleBrowser.openSignedOut(app.apiUrl());
        assertThat(find("main h1").getText()).isEqualTo("Sign in");
        screenshots("sign-in");
        find("#token").sendKeys(ApiClient.token("console-" + UUID.randomUUID(), "user"));
        find("main form button[type=submit]").click();
        assertThat(waitForText("main h1", "Connections")).isEqualTo("Connections");
        waitForText("#connections", "No connections yet");

        // a token the API refuses (here: signed with another key) signs the page out, saying why
        ((JavascriptExecutor) ConsoleBrowser.driver()).executeScript(
                "sessionStorage.setItem('syncwell.token', arguments[0]); location.hash = '#/accounts'", "eyJhbGciOiJIUzI1NiJ9."
                        + "eyJzdWIiOiJzb21lb25lIiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmVkLWVsc2V3aGVyZQ");
        waitForText("#notice", "Your token was refused");
        assertThat(find("main h1").getText()).isEqualTo("Sign in");
    }
}
