package io.mirage.web;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Headless Debian Chromium driven by its own chromedriver (never a downloaded one). Without the
 * browser the tests are skipped, unless {@code MIRAGE_REQUIRE_BROWSER=1} (as in CI) makes that a failure.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final int WIDTH = 1280;

    final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Skips (or, when the browser is required, fails) the calling test class if Chromium is missing. */
    static void requireChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) return;
        String message = "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)";
        if ("1".equals(System.getenv("MIRAGE_REQUIRE_BROWSER"))) fail(message + "; MIRAGE_REQUIRE_BROWSER=1 makes their absence a failure");
        Assumptions.abort("skipped: " + message);
    }

    static Browser start() {
        requireChromium();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=" + WIDTH + ",1000",
                "--allow-file-access-from-files", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--disable-sync", "--disable-default-apps", "--metrics-recording-only", "--force-color-profile=srgb");
        // An alert must stay open so the test can see it; by default the driver would dismiss it.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    void open(String url) {
        driver.get(url);
    }

    Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Whether an alert, confirm or prompt dialog is open. */
    boolean alertOpen() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    /** Saves a screenshot of the whole page (the window is made as tall as the page first). */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Number height = (Number) js("return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)");
        driver.manage().window().setSize(new Dimension(WIDTH, Math.min(Math.max(height.intValue() + 140, 800), 12_000)));
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(new Dimension(WIDTH, 1000));
        return target;
    }

    /** Saves a screenshot of one element, with the window made tall enough to hold it whole. */
    Path screenshot(org.openqa.selenium.WebElement element, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        int height = element.getRect().getHeight();
        driver.manage().window().setSize(new Dimension(WIDTH, Math.min(Math.max(height + 300, 800), 12_000)));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView(true)", element);
        File shot = element.getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(new Dimension(WIDTH, 1000));
        return target;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
