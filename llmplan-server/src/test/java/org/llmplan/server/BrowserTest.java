package org.llmplan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in Debian's headless Chromium, driven by Selenium with the chromedriver of the same package
 * (no browser or driver download): it plans, searches and serves through the page, compares the numbers shown
 * with the API's answers for the same request, checks that each chart is drawn, and keeps screenshots under
 * target/screenshots.
 */
class BrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target/screenshots");
  private static final Path DOWNLOADS = Path.of("target/downloads").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ApiServer server;
  private static Http http;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    // CI installs both (.ci/run); a developer without them is told why the test did not run.
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must have Debian's chromium and chromium-driver (see .ci/run)");
    }
    assumeTrue(installed, "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium "
        + "chromium-driver)");
    server = ApiServer.start(Catalog.embedded(), "127.0.0.1", 0);
    http = new Http(server.port());
    Files.createDirectories(SCREENSHOTS);
    Files.createDirectories(DOWNLOADS);
    System.setProperty("webdriver.chrome.driver", DRIVER.toString()); // never Selenium Manager
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,1600");
    options.setExperimentalOption("prefs", Map.of("download.default_directory", DOWNLOADS.toString(),
        "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.stop();
    }
  }

  private static void open(String fragment) {
    browser.get("about:blank"); // a new fragment alone would not load the page again
    browser.get("http://127.0.0.1:" + server.port() + "/#" + fragment);
  }

  private static WebElement await(String css) {
    return new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(css)));
  }

  private static double shown(String css) {
    return Double.parseDouble(browser.findElement(By.cssSelector(css)).getDomAttribute("data-value"));
  }

  private static void screenshot(String name) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aTrainingPlanShowsTheApisNumbersAndDrawsItsCharts() throws Exception {
    open("view=plan&model=llama-3.1-70b&gpu=h100-sxm&gpus=64&tp=8&pp=2&seq=8192&globalBatch=128"
        + "&sharding=dist-opt&recompute=selective&sequenceParallel=true&tokens=15T");
    await("#result-plan");
    JsonNode api = JSON.readTree(http.post("/api/train", "{\"model\":\"llama-3.1-70b\",\"gpu\":\"h100-sxm\","
        + "\"gpus\":64,\"tp\":8,\"pp\":2,\"cp\":1,\"ep\":1,\"vpp\":1,\"microBatch\":1,\"globalBatch\":128,\"seq\":8192,"
        + "\"sharding\":\"dist-opt\",\"recompute\":\"selective\",\"sequenceParallel\":true,\"precision\":\"bf16\","
        + "\"offloadOptimizer\":\"none\",\"offloadParams\":\"none\",\"framework\":\"megatron\",\"tokens\":\"15T\"}")
        .body());
    assertThat(shown("#plan-mfu")).isEqualTo(api.get("mfu").asDouble());
    assertThat(shown("#plan-step")).isEqualTo(api.get("stepSeconds").asDouble());
    assertThat(shown("#plan-cost")).isEqualTo(api.get("costUsd").asDouble());
    assertThat(shown("#plan-memory-verdict")).isEqualTo(api.get("memory").get("totalBytes").asDouble());
    assertThat(shown("#plan-exposed")).isEqualTo(api.get("network").get("exposedShare").asDouble());
    assertThat(shown("#plan-checkpoint")).isEqualTo(api.get("storage").get("checkpoint").get("totalBytes")
        .asDouble());
    assertThat(shown("#plan-expected-time")).isEqualTo(api.get("reliability").get("expected")
        .get("timeToTrainSeconds").asDouble());
    List<WebElement> memory = browser.findElements(By.cssSelector("#chart-memory rect.bar"));
    double drawn = memory.stream().mapToDouble(e -> Double.parseDouble(e.getDomAttribute("data-value"))).sum();
    assertThat(drawn).isCloseTo(api.get("memory").get("totalBytes").asDouble(), within(1.0));
    assertThat(browser.findElements(By.cssSelector("#chart-memory line.capacity"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector("#chart-step rect.bar")))
        .hasSize(api.get("time").get("breakdown").size());
    assertThat(browser.getCurrentUrl()).contains("model=llama-3.1-70b").contains("tp=8");
    screenshot("plan");
  }

  @Test
  void aPastedConfigJsonPlansAsTheApiDoesAndStaysInTheUrl() throws Exception {
    String config = JSON.readTree(Files.readString(Path.of("../llmplan-core/src/test/resources/hf/llama-3.2-1b/"
        + "config.json"))).toString();
    open("view=plan&model=llama-3.1-8b&gpu=h100-sxm&gpus=16&tp=2&sharding=dist-opt&tokens=1T");
    await("#result-plan");
    WebElement box = browser.findElement(By.id("plan-model-config"));
    browser.executeScript("arguments[0].value = arguments[1]", box, config); // typing 1 kB key by key is slow
    browser.findElement(By.id("run-plan")).click();
    JsonNode api = JSON.readTree(http.post("/api/train", "{\"modelConfig\":" + config + ",\"gpu\":\"h100-sxm\","
        + "\"gpus\":16,\"tp\":2,\"pp\":1,\"cp\":1,\"ep\":1,\"vpp\":1,\"microBatch\":1,\"seq\":4096,\"sharding\":\"dist-opt\","
        + "\"recompute\":\"none\",\"precision\":\"bf16\",\"offloadOptimizer\":\"none\",\"offloadParams\":\"none\","
        + "\"framework\":\"megatron\",\"tokens\":\"1T\"}").body());
    // Llama 3.2 1B in place of the 8B the form names: the figures change to the pasted model's.
    new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> shown("#plan-step") == api.get("stepSeconds")
        .asDouble());
    assertThat(shown("#plan-memory-verdict")).isEqualTo(api.get("memory").get("totalBytes").asDouble());
    assertThat(browser.getCurrentUrl()).contains("modelConfig=");
    screenshot("plan-pasted-config");
    // The link reproduces the view, pasted config included.
    String link = browser.getCurrentUrl();
    browser.get("about:blank");
    browser.get(link);
    await("#result-plan");
    new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> shown("#plan-step") > 0);
    assertThat(shown("#plan-step")).isEqualTo(api.get("stepSeconds").asDouble());
    assertThat(JSON.readTree(browser.findElement(By.id("plan-model-config")).getDomProperty("value")))
        .isEqualTo(JSON.readTree(config));
  }

  @Test
  void theBundleDownloadsAsAZip() throws Exception {
    open("view=plan&model=llama-3.1-8b&gpu=h100-sxm&gpus=16&tp=2&sharding=dist-opt&tokens=1T");
    await("#result-plan");
    Path zip = DOWNLOADS.resolve("llmplan-bundle.zip");
    Files.deleteIfExists(zip);
    browser.findElement(By.id("download-bundle")).click();
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> Files.exists(zip));
    try (ZipFile z = new ZipFile(zip.toFile())) {
      assertThat(z.getEntry("bundle/plan.json")).isNotNull();
      assertThat(z.getEntry("bundle/README.md")).isNotNull();
    }
  }

  @Test
  void aSearchDrawsItsFrontAndAPointOpensItsPlan() throws Exception {
    String body = "{\"model\":\"gpt3-1.3b\",\"gpu\":[\"a100-80gb\"],\"maxGpus\":16,\"seq\":1024,\"globalBatch\":64,"
        + "\"tokens\":\"100B\",\"objective\":\"time\",\"timeLimitSeconds\":20}";
    JsonNode api = JSON.readTree(http.post("/api/search/train", body).body());
    assertThat(api.get("search").get("complete").asBoolean()).as("the search must finish to compare").isTrue();
    open("view=search&model=gpt3-1.3b&gpu=a100-80gb&maxGpus=16&seq=1024&globalBatch=64&tokens=100B"
        + "&objective=time&timeLimitSeconds=20");
    await("#chart-pareto circle.point");
    List<WebElement> rows = browser.findElements(By.cssSelector("#search-plans tbody tr"));
    assertThat(rows).hasSize(api.get("plans").size());
    assertThat(Double.parseDouble(rows.get(0).getDomAttribute("data-time")))
        .isEqualTo(api.get("plans").get(0).get("timeToTrainSeconds").asDouble());
    List<WebElement> front = browser.findElements(By.cssSelector("#chart-pareto circle.front-point"));
    assertThat(front).hasSize(api.get("paretoTimeCost").size());
    assertThat(browser.findElements(By.cssSelector("#chart-pareto polyline.front")))
        .hasSize(front.size() > 1 ? 1 : 0);
    screenshot("search");
    WebElement first = browser.findElement(By.cssSelector("#chart-pareto circle.point[data-index='0']"));
    first.click();
    await("#view-plan #result-plan");
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("view=plan"));
    JsonNode plan = api.get("plans").get(0);
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> shown("#plan-step") > 0);
    assertThat(shown("#plan-step")).isCloseTo(plan.get("stepSeconds").asDouble(),
        within(plan.get("stepSeconds").asDouble() * 1e-6));
    screenshot("search-opened-plan");
  }

  @Test
  void servingShowsPercentilesLatencyAgainstRateAndCapacity() throws Exception {
    String body = "{\"deployment\":{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100-sxm\",\"tp\":1,\"precision\":\"bf16\","
        + "\"engine\":\"vllm\"},\"input\":\"1000\",\"output\":\"200\",\"rate\":\"5\",\"duration\":\"1min\","
        + "\"ttftP99\":\"2s\"}";
    JsonNode api = JSON.readTree(http.post("/api/serve", body).body());
    open("view=serve&model=llama-3.1-8b&gpu=h100-sxm&tp=1&precision=bf16&engine=vllm&input=1000&output=200"
        + "&rate=5&duration=1min&ttftP99=2s");
    await("#serve-ttftSeconds");
    assertThat(shown("#serve-ttftSeconds td:nth-child(4)"))
        .isEqualTo(api.get("metrics").get("ttftSeconds").get("p99").asDouble());
    assertThat(shown("#serve-tpotSeconds td:nth-child(2)"))
        .isEqualTo(api.get("metrics").get("tpotSeconds").get("p50").asDouble());
    assertThat(shown("#serve-max-rate")).isEqualTo(api.get("capacity").get("maxRatePerSecond").asDouble());
    assertThat(browser.findElements(By.cssSelector("#chart-latency polyline.series"))).hasSize(2);
    assertThat(browser.findElements(By.cssSelector("#chart-latency circle.point"))).hasSize(6);
    screenshot("serve");
  }

  @Test
  void aMistakeIsShownAsTheProblemsDetail() throws Exception {
    open("view=plan&model=llama-3.1-70b&gpu=h100-sxm&gpus=8&tp=3&tokens=1T");
    WebElement error = await("#error");
    assertThat(error.getText()).contains("TP").doesNotContain("Exception");
  }
}
