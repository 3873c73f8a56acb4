package org.llmplan.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.MalformedInputException;

class TraceFileTest {
  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aCsvTraceIsReadShiftedToStartAtZeroAndSorted() throws IOException {
    Path file = write("trace.csv", "arrival_seconds,input_tokens,output_tokens,note\n"
        + "10.5,100,20,a\n10.0,200,30,\"b, with a comma\"\n\n12,300,40,c\n");
    Workload.Replay replay = TraceFile.read(file);
    Requests r = replay.trace();
    assertThat(r.count()).isEqualTo(3);
    assertThat(r.arrivalSeconds(0)).isZero();
    assertThat(r.inputTokens(0)).isEqualTo(200);
    assertThat(r.arrivalSeconds(1)).isEqualTo(0.5);
    assertThat(r.outputTokens(2)).isEqualTo(40);
    assertThat(replay.ratePerSecond()).isEqualTo(1.0); // 2 gaps over 2 s
    Requests twice = replay.atRate(2).requests(0);
    assertThat(twice.arrivalSeconds(2)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void aJsonLinesTraceIsRead() throws IOException {
    Path file = write("trace.jsonl", "{\"arrival_seconds\": 0, \"input_tokens\": 10, \"output_tokens\": 5}\n"
        + "\n{\"arrival_seconds\": 2.5, \"input_tokens\": 20, \"output_tokens\": 6, \"user\": \"x\"}\n");
    Requests r = TraceFile.read(file).trace();
    assertThat(r.count()).isEqualTo(2);
    assertThat(r.arrivalSeconds(1)).isEqualTo(2.5);
    assertThat(r.inputTokens(1)).isEqualTo(20);
  }

  @Test
  void anAzureStyleTraceWithDateTimesIsRead() throws IOException {
    Path file = write("azure.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n"
        + "2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,396,109\n");
    Requests r = TraceFile.read(file).trace();
    assertThat(r.arrivalSeconds(1)).isCloseTo(4.314579, within(1e-6));
    assertThat(r.inputTokens(0)).isEqualTo(374);
    assertThat(r.outputTokens(1)).isEqualTo(109);
  }

  @Test
  void malformedTracesGiveOneLineNamingTheLine() throws IOException {
    Path csv = write("bad.csv", "arrival_seconds,input_tokens,output_tokens\n0,10,5\n1,abc,5\n");
    assertThatThrownBy(() -> TraceFile.read(csv)).isInstanceOf(MalformedInputException.class)
        .hasMessage(csv + " line 3: input tokens 'abc' must be a whole number from 1 to 10000000");
    Path zero = write("zero.csv", "arrival_seconds,input_tokens,output_tokens\n0,10,0\n");
    assertThatThrownBy(() -> TraceFile.read(zero))
        .hasMessage(zero + " line 2: output tokens '0' must be a whole number from 1 to 10000000");
    Path negative = write("negative.csv", "arrival_seconds,input_tokens,output_tokens\n-1,10,3\n");
    assertThatThrownBy(() -> TraceFile.read(negative)).hasMessageStartingWith(negative + " line 2: arrival '-1'");
    Path missing = write("missing.csv", "arrival_seconds,prompt\n0,10\n");
    assertThatThrownBy(() -> TraceFile.read(missing))
        .hasMessageStartingWith(missing + " line 2: no input_tokens (or ContextTokens)");
    Path extra = write("extra.csv", "arrival_seconds,input_tokens,output_tokens\n0,10,3\n1,2,3,4\n");
    assertThatThrownBy(() -> TraceFile.read(extra)).isInstanceOf(MalformedInputException.class)
        .hasMessageStartingWith(extra + " line 3: ");
    Path json = write("bad.jsonl", "{\"arrival_seconds\": 0, \"input_tokens\": 10, \"output_tokens\": 5}\n"
        + "{\"arrival_seconds\": 1, \"input_tokens\": 10,\n");
    assertThatThrownBy(() -> TraceFile.read(json)).isInstanceOf(MalformedInputException.class)
        .hasMessageStartingWith(json + " line 2: not a JSON object");
    Path mixed = write("mixed.csv", "timestamp,input_tokens,output_tokens\n2023-11-16 18:15:46,1,1\n5,1,1\n");
    assertThatThrownBy(() -> TraceFile.read(mixed)).hasMessageContaining("line 3: arrival '5' is not a time");
    assertThatThrownBy(() -> TraceFile.read(write("empty.csv", "\n\n"))).hasMessageEndingWith("the file is empty");
    assertThatThrownBy(() -> TraceFile.read(write("header.csv", "arrival_seconds,input_tokens,output_tokens\n")))
        .hasMessageEndingWith("no requests in the file");
    assertThatThrownBy(() -> TraceFile.read(dir.resolve("absent.csv"))).hasMessageEndingWith("no such file");
  }

  @Test
  void aTraceWhoseRequestsAllArriveTogetherHasNoRateToScale() throws IOException {
    Path file = write("burst.csv", "arrival_seconds,input_tokens,output_tokens\n3,10,5\n3,10,5\n");
    Workload.Replay replay = TraceFile.read(file);
    assertThat(replay.trace().count()).isEqualTo(2);
    assertThatThrownBy(() -> replay.atRate(5)).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("no rate to scale");
  }
}
