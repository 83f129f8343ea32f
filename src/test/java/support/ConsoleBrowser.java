package support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * JUnit extension and handle: one headless Chromium for the test run — Debian's {@code chromium} driven through its
 * {@code chromedriver} (nothing downloaded: both paths are given, so Selenium Manager is never asked) — started by the
 * first class that needs it and closed when the run ends. Screenshots go to {@code target/console-screenshots/}.
 * <p>Override the binaries with {@code -Dsyncwell.test.chromium=...} and {@code -Dsyncwell.test.chromedriver=...}.
 */
public final class ConsoleBrowser implements BeforeAllCallback, AfterTestExecutionCallback {

    public static final Dimension DESKTOP = new Dimension(1280, 900);
    public static final Dimension PHONE = new Dimension(375, 812);
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The browser's time zone. */
    public static final java.time.ZoneId ZONE = java.time.ZoneId.of("Pacific/Auckland");

    private static ChromeDriver driver;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (ConsoleBrowser.class) {
            if (driver == null) {
                driver = start();
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(ConsoleBrowser.class, (ExtensionContext.Store.CloseableResource) ConsoleBrowser::quit);
            }
        }
    }

    /** A failed test leaves the page as it was, and what the browser's console said, to look at: FAILED-<test>-*.png. */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent() && driver != null) {
            save("FAILED-" + context.getRequiredTestMethod().getName(), false);
            try {
                Files.write(SCREENSHOTS.resolve("FAILED-" + context.getRequiredTestMethod().getName() + "-console.txt"), consoleMessages());
                Files.writeString(SCREENSHOTS.resolve("FAILED-" + context.getRequiredTestMethod().getName() + "-page.html"),
                        driver.getPageSource());
            } catch (IOException e) {
                throw new IllegalStateException("cannot save what the failed page showed", e);
            }
        }
    }

    private static ChromeDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("syncwell.test.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--lang=en-GB",
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("syncwell.test.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        ChromeDriver started = new ChromeDriver(service, options);
        started.manage().timeouts().scriptTimeout(WAIT);
        return started;
    }

    private static synchronized void quit() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    public static ChromeDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(ConsoleBrowser.class)");
        }
        return driver;
    }

    /** Opens the console signed in with this token (in the fragment, as the demo's link carries it), at a desktop's size. */
    public static void signIn(String apiUrl, String token, String view) {
        ChromeDriver browser = driver();
        browser.manage().window().setSize(DESKTOP);
        // a token from an earlier test stays in the tab's sessionStorage: each test starts from a blank page
        browser.get("about:blank");
        // a zone far from the machine's UTC: the page shows times in the browser's zone
        browser.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ZONE.getId()));
        browser.get(apiUrl + "/console/#token=" + token);
        waitFor(d -> d.getCurrentUrl().endsWith("#/connections"));
        go(view);
    }

    /** Opens the console with no token: the page asks for one. */
    public static void openSignedOut(String apiUrl) {
        ChromeDriver browser = driver();
        browser.manage().window().setSize(DESKTOP);
        browser.get(apiUrl + "/console/");
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
    }

    /** Shows a section (#/connections, #/jobs?connection=...) as its link in the navigation does. */
    public static void go(String view) {
        driver().get(driver().getCurrentUrl().replaceFirst("#.*$", "") + "#/" + view);
    }

    /** Presses Tab from the page's start until the element {@code css} names has the focus, as a keyboard user would. */
    public static void pressTabUntil(String css) {
        ChromeDriver browser = driver();
        browser.executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)");
        org.openqa.selenium.interactions.Actions keyboard = new org.openqa.selenium.interactions.Actions(browser);
        for (int presses = 0; presses < 60; presses++) {
            keyboard.sendKeys(org.openqa.selenium.Keys.TAB).perform();
            if (Boolean.TRUE.equals(browser.executeScript("return document.activeElement.matches(arguments[0])", css))) {
                return;
            }
        }
        throw new AssertionError("60 presses of Tab never reached " + css);
    }

    public static WebElement find(String css) {
        return waitFor(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** The text an element shows once it holds {@code expected}. */
    public static String waitForText(String css, String expected) {
        return waitFor(d -> {
            for (WebElement element : d.findElements(By.cssSelector(css))) {
                String text = element.getText();
                if (text.contains(expected)) {
                    return text;
                }
            }
            return null;
        });
    }

    public static <T> T waitFor(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver(), WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    /**
     * Saves the page as it is, whole, at a desktop's width and at a phone's (375 px): {@code <name>-desktop.png} and
     * {@code <name>-375.png}. The browser is asked for the page beyond its window (DevTools' captureBeyondViewport), so
     * nothing below the fold is left out.
     */
    public static void screenshots(String name) {
        save(name, true);
    }

    private static void save(String name, boolean checkWidth) {
        ChromeDriver browser = driver();
        for (Map.Entry<String, Dimension> size : Map.of("desktop", DESKTOP, "375", PHONE).entrySet()) {
            browser.manage().window().setSize(size.getValue());
            // usable at this width: nothing wider than the window, which would scroll sideways
            long innerWidth = ((Number) browser.executeScript("return window.innerWidth")).longValue();
            long pageWidth = ((Number) browser.executeScript("return document.documentElement.scrollWidth")).longValue();
            if (checkWidth && pageWidth > innerWidth) {
                throw new AssertionError(name + " at " + size.getKey() + ": the page is " + pageWidth + " px wide in a window of "
                        + innerWidth + " px");
            }
            Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
            Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
                    "width", ((Number) content.get("width")).doubleValue(), "height", ((Number) content.get("height")).doubleValue());
            Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
                    Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
            try {
                Files.createDirectories(SCREENSHOTS);
                Files.write(SCREENSHOTS.resolve(name + "-" + size.getKey() + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
            } catch (IOException e) {
                throw new IllegalStateException("cannot save the screenshot " + name, e);
            }
        }
        browser.manage().window().setSize(DESKTOP);
    }

    /**
     * What the page wrote to the browser's console since the last call: its own logs, script errors, refused scripts or
     * styles (the content security policy). The browser's own note of each API refusal ("Failed to load resource: ... 4xx",
     * naming only the path) is left out: a test provokes those on purpose.
     */
    public static List<String> consoleMessages() {
        return driver().manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString)
                .filter(message -> !REFUSAL_NOTE.matcher(message).find()).toList();
    }

    private static final java.util.regex.Pattern REFUSAL_NOTE = java.util.regex.Pattern.compile(
            "/v1/\\S* - Failed to load resource: the server responded with a status of 4\\d\\d");
}
