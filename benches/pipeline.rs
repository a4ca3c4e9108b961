//! The benchmark behind BENCHMARKS.md: `cargo bench --bench pipeline`.
//!
//! Measures, on this machine:
//! (a) the whole bundled set (every year of `data/`) and the 2024 set, each
//!     built from scratch by the release binary in a fresh process, as a
//!     user runs it: Typst's caches start empty every time;
//! (b) each stage's share of those 2024 builds, as each process measured
//!     it (`--verbose`), on one thread and on all;
//! (c) synthetic years of 30 and 300 regions × 40 indicators, with the
//!     peak memory of a separate `hfs-report build` process, in
//!     interleaved rounds;
//! and, when the typst CLI is installed (`typst` on the PATH, or `TYPST`),
//! the 2024 set compiled from its `--emit typst` sources by the CLI, one
//! process per document, in rounds interleaved with hfs-report's own, so
//! that both see the same state of the machine. It prints a Markdown report.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How many times each whole build is run; medians are reported.
const ROUNDS: usize = 11;

/// How many times each synthetic year is built in (c).
const SYNTHETIC_ROUNDS: usize = 5;

/// The year whose set is compared with the typst CLI.
const YEAR: i32 = 2024;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let jobs = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    println!("## Machine\n\n{}\n", machine());

    // (a): whole builds in fresh processes; the 2024 builds' stage lines
    // (`--verbose`) give (b).
    let data = root.join("data");
    println!("## (a) Whole builds, each a fresh `hfs-report build --force` process\n");
    println!("| build | documents | median | fastest |");
    println!("|---|---|---|---|");
    let mut stages_of_2024 = Vec::new();
    for (name, year, threads) in [
        ("every year of data/", None, jobs),
        ("2024", Some(YEAR), jobs),
        ("2024, --jobs 1", Some(YEAR), 1),
    ] {
        let out = scratch.path().join("a");
        let jobs_arg = threads.to_string();
        let mut runs: Vec<Run> = (0..ROUNDS)
            .map(|_| run_binary(&data, &out, year, &["--jobs", &jobs_arg]))
            .collect();
        runs.sort_by_key(|run| run.wall);
        println!(
            "| {name} | {} | {:.0} ms | {:.0} ms |",
            runs[0].documents,
            ms(runs[ROUNDS / 2].wall),
            ms(runs[0].wall)
        );
        if year.is_some() {
            stages_of_2024.push((threads, median_stages(&runs)));
        }
    }
    println!();

    // (b): the stages of those builds, as each process measured them.
    println!("## (b) Where the time goes: the 2024 builds of (a), medians of each stage's time\n");
    let (one, all) = (&stages_of_2024[1], &stages_of_2024[0]);
    println!(
        "| stage | {} thread | share | {} threads (summed over threads) | share |",
        one.0, all.0
    );
    println!("|---|---|---|---|---|");
    for (row, (_, name)) in STAGES.iter().enumerate() {
        println!(
            "| {name} | {:.1} ms | {:.1} % | {:.1} ms | {:.1} % |",
            one.1[row],
            100.0 * one.1[row] / one.1.iter().sum::<f64>(),
            all.1[row],
            100.0 * all.1[row] / all.1.iter().sum::<f64>(),
        );
    }
    for (threads, stages) in [one, all] {
        // Everything but Typst's own work (typeset and PDF export).
        let own: f64 = STAGES
            .iter()
            .zip(stages)
            .filter(|((key, _), _)| !matches!(*key, "typeset" | "pdf"))
            .map(|(_, ms)| ms)
            .sum();
        println!(
            "\nOur own stages (load, render, write), {threads} thread(s): {own:.1} ms = {:.1} % of the work.",
            100.0 * own / stages.iter().sum::<f64>()
        );
    }
    println!();

    // (c): synthetic years, in interleaved rounds: a single run of each
    // let one noisy minute of the machine decide the ratio.
    println!("## (c) Synthetic years, 40 indicators, {SYNTHETIC_ROUNDS} interleaved rounds\n");
    println!(
        "| regions | documents | median wall time | fastest | slowest | peak memory (highest) |"
    );
    println!("|---|---|---|---|---|---|");
    let sizes = [30, 300];
    let folders: Vec<PathBuf> = sizes
        .iter()
        .map(|regions| {
            let data = scratch.path().join(format!("synthetic-{regions}"));
            synthetic_year(&root, &data, *regions, 40);
            data
        })
        .collect();
    let mut runs: Vec<Vec<Run>> = vec![Vec::new(); sizes.len()];
    for _ in 0..SYNTHETIC_ROUNDS {
        for ((regions, data), runs) in sizes.iter().zip(&folders).zip(&mut runs) {
            let out = scratch.path().join(format!("out-{regions}"));
            runs.push(run_binary(data, &out, None, &[]));
        }
    }
    let mut medians = Vec::new();
    for (regions, runs) in sizes.iter().zip(&mut runs) {
        runs.sort_by_key(|run| run.wall);
        let median = runs[runs.len() / 2].wall;
        let peak = runs.iter().map(|run| run.peak.clone()).max_by(|a, b| {
            let mib = |s: &str| s.trim_end_matches(" MiB").parse::<f64>().unwrap_or(0.0);
            mib(a).total_cmp(&mib(b))
        });
        println!(
            "| {regions} | {} | {:.2} s | {:.2} s | {:.2} s | {} |",
            runs[0].documents,
            median.as_secs_f64(),
            runs[0].wall.as_secs_f64(),
            runs[runs.len() - 1].wall.as_secs_f64(),
            peak.unwrap_or_default()
        );
        medians.push(median);
    }
    println!(
        "\n300 regions took {:.1}× the time of 30 regions (medians).\n",
        medians[1].as_secs_f64() / medians[0].as_secs_f64()
    );

    // The typst CLI on the same documents.
    println!("## The typst CLI on the emitted sources of {YEAR}\n");
    match typst_cli() {
        None => println!(
            "The typst CLI is not installed (set TYPST or put `typst` on the PATH); skipped.\n"
        ),
        Some(typst) => compare_with_cli(&root, &typst, scratch.path(), jobs),
    }
}

/// The stages of a build as `hfs-report build --verbose` names them on
/// its `stages:` line, with the names this report gives them.
const STAGES: [(&str, &str); 5] = [
    ("load", "load + validate"),
    ("render", "merge + render"),
    ("typeset", "typeset (Typst layout)"),
    ("pdf", "PDF export"),
    ("write", "write + hash"),
];

/// The median of each stage's milliseconds over `runs`.
fn median_stages(runs: &[Run]) -> [f64; 5] {
    std::array::from_fn(|stage| {
        let mut times: Vec<f64> = runs.iter().map(|run| run.stages[stage]).collect();
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    })
}

/// The milliseconds of each stage on a `stages:` line of `--verbose`, e.g.
/// `stages: load 2.6 ms, render 3.0 ms, typeset 201.6 ms and pdf 100.8 ms
/// (summed over 1 thread), write 4.6 ms`.
fn parse_stages(line: &str) -> Option<[f64; 5]> {
    let words: Vec<&str> = line.strip_prefix("stages: ")?.split_whitespace().collect();
    let mut stages = [0.0; 5];
    for (time, (key, _)) in stages.iter_mut().zip(STAGES) {
        let at = words.iter().position(|w| *w == key)?;
        *time = words.get(at + 1)?.parse().ok()?;
    }
    Some(stages)
}

/// What one run of the binary measured.
#[derive(Clone)]
struct Run {
    wall: Duration,
    documents: usize,
    peak: String,
    /// Milliseconds of load, render, typeset, PDF export and write.
    stages: [f64; 5],
}

/// Runs the release binary (`hfs-report build --force --verbose`) on `data`,
/// for one year or all, with `extra` arguments.
fn run_binary(data: &Path, out: &Path, year: Option<i32>, extra: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hfs-report"));
    command
        .args(["build", "--force", "--verbose", "--data"])
        .arg(data)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("SOURCE_DATE_EPOCH", "1713398400");
    if let Some(year) = year {
        command.args(["--year", &year.to_string()]);
    }
    settle();
    let started = Instant::now();
    let output = command.output().expect("hfs-report runs");
    let wall = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let documents = stdout
        .lines()
        .find_map(|l| {
            l.strip_prefix("built ")?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0);
    let peak = stdout
        .lines()
        .find_map(|l| l.strip_prefix("peak memory: "))
        .unwrap_or("unknown")
        .to_string();
    let stages = stdout
        .lines()
        .find_map(parse_stages)
        .expect("`--verbose` prints the stages");
    Run {
        wall,
        documents,
        peak,
        stages,
    }
}

/// Writes a year 2024 with `regions` regions and `indicators` indicators
/// into `data/2024/`, from the bundled plan's texts.
fn synthetic_year(root: &Path, data: &Path, regions: usize, indicators: usize) {
    let folder = data.join("2024");
    std::fs::create_dir_all(folder.join("responses")).unwrap();
    let text = std::fs::read_to_string(root.join("data/2024/plan.yaml")).unwrap();
    let mut plan: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let map = plan.as_mapping_mut().unwrap();
    let region_list: Vec<serde_yaml::Value> = (1..=regions)
        .map(|i| {
            serde_yaml::to_value(serde_yaml::Mapping::from_iter([
                ("id".into(), format!("r{i:03}").into()),
                ("name".into(), format!("Region Exempel {i:03}").into()),
            ]))
            .unwrap()
        })
        .collect();
    map.insert("regions".into(), serde_yaml::Value::Sequence(region_list));
    let kinds = ["scale", "yes_partly_no", "percent", "number"];
    let indicator_list: Vec<serde_yaml::Value> = (0..indicators)
        .map(|i| {
            let mut m = serde_yaml::Mapping::new();
            m.insert("id".into(), format!("i{i:02}").into());
            if i % 5 == 0 {
                m.insert(
                    "section".into(),
                    "Självvärdering enligt HPH-standarderna".into(),
                );
            } else {
                m.insert("focus_area".into(), format!("f{}", 1 + i % 4).into());
            }
            m.insert(
                "text".into(),
                format!("Syntetisk indikator nummer {i}").into(),
            );
            let kind = kinds[i % 4];
            m.insert("kind".into(), kind.into());
            if kind == "scale" {
                m.insert("min".into(), 1.into());
                m.insert("max".into(), 10.into());
            }
            serde_yaml::Value::Mapping(m)
        })
        .collect();
    map.insert(
        "indicators".into(),
        serde_yaml::Value::Sequence(indicator_list),
    );
    std::fs::write(
        folder.join("plan.yaml"),
        serde_yaml::to_string(&plan).unwrap(),
    )
    .unwrap();
    std::fs::copy(
        root.join("data/2024/activity-status.csv"),
        folder.join("activity-status.csv"),
    )
    .unwrap();

    // Deterministic pseudo-random answers; every tenth left blank.
    let mut seed: u64 = 0x2024;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    // Semicolons, as Swedish Excel writes: the decimal comma needs no quotes.
    let mut csv = String::from("region;indikator;värde;kommentar\n");
    for r in 1..=regions {
        for i in 0..indicators {
            let value = match (next() % 10, kinds[i % 4]) {
                (0, _) => String::new(),
                (_, "scale") => (1 + next() % 10).to_string(),
                (_, "yes_partly_no") => ["ja", "delvis", "nej"][next() % 3].to_string(),
                (_, "percent") => format!("{},{}", next() % 100, next() % 10),
                _ => (next() % 50).to_string(),
            };
            let comment = if next() % 7 == 0 {
                "\"En kommentar, med komma\""
            } else {
                ""
            };
            csv.push_str(&format!("r{r:03};i{i:02};{value};{comment}\n"));
        }
    }
    std::fs::write(folder.join("responses/svar.csv"), csv).unwrap();
}

/// The typst CLI to compare with, if installed.
fn typst_cli() -> Option<PathBuf> {
    let candidate = std::env::var_os("TYPST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("typst"));
    Command::new(&candidate)
        .arg("--version")
        .output()
        .ok()?
        .status
        .success()
        .then_some(candidate)
}

/// Emits the sources of the YEAR set and times, in interleaved rounds,
/// hfs-report building the set in a fresh process and the typst CLI
/// compiling the same documents, one process per document, one at a time
/// and `jobs` at a time.
fn compare_with_cli(root: &Path, typst: &Path, scratch: &Path, jobs: usize) {
    let data = root.join("data");
    let out = scratch.join("emitted");
    run_binary(&data, &out, Some(YEAR), &["--emit", "typst"]);
    let folder = out.join(YEAR.to_string());
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "typ")
                && path.file_name().is_some_and(|n| n != "hfs-style.typ")
        })
        .collect();
    sources.sort();
    let fonts = root.join("fonts");
    let compile = |source: &PathBuf| {
        let status = Command::new(typst)
            .arg("compile")
            .arg("--root")
            .arg(&folder)
            .arg("--font-path")
            .arg(&fonts)
            .arg("--ignore-system-fonts")
            .args(["--pdf-standard", "a-2a,ua-1"])
            .arg(source)
            .arg(source.with_extension("cli.pdf"))
            .env("SOURCE_DATE_EPOCH", "1713398400")
            .status()
            .expect("typst runs");
        assert!(
            status.success(),
            "typst compile {} failed",
            source.display()
        );
    };
    let chunks: Vec<Vec<PathBuf>> = (0..jobs)
        .map(|j| sources.iter().skip(j).step_by(jobs).cloned().collect())
        .collect();
    let ours_out = scratch.join("ours");
    let (mut ours, mut sequential, mut parallel, mut ratios) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let run = run_binary(&data, &ours_out, Some(YEAR), &[]);
        settle();
        let started = Instant::now();
        sources.iter().for_each(compile);
        let one_at_a_time = started.elapsed();
        settle();
        let started = Instant::now();
        std::thread::scope(|scope| {
            for chunk in &chunks {
                scope.spawn(|| chunk.iter().for_each(compile));
            }
        });
        parallel.push(started.elapsed());
        ratios.push(one_at_a_time.as_secs_f64() / run.wall.as_secs_f64());
        ours.push(run.wall);
        sequential.push(one_at_a_time);
    }
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let (ours, sequential, parallel) = (
        median(&mut ours),
        median(&mut sequential),
        median(&mut parallel),
    );
    ratios.sort_by(f64::total_cmp);
    println!(
        "{ROUNDS} rounds, each: hfs-report, then the CLI one at a time, then the CLI {jobs} at a time.\n"
    );
    println!("| how | documents | median wall time | hfs-report is faster by |");
    println!("|---|---|---|---|");
    println!(
        "| hfs-report, one fresh process, {jobs} threads | {} | {:.0} ms | |",
        sources.len(),
        ms(ours)
    );
    println!(
        "| typst CLI, one process per document, one at a time | {} | {:.0} ms | {:.2}× |",
        sources.len(),
        ms(sequential),
        sequential.as_secs_f64() / ours.as_secs_f64()
    );
    println!(
        "| typst CLI, one process per document, {jobs} at a time | {} | {:.0} ms | {:.2}× |",
        sources.len(),
        ms(parallel),
        parallel.as_secs_f64() / ours.as_secs_f64()
    );
    println!(
        "\nCLI one at a time ÷ hfs-report, round by round: median {:.2}×, from {:.2}× to {:.2}×.\n",
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1]
    );
}

/// Writes the page cache's dirty pages to disk before a timed run, so that
/// no run pays for the previous one's writes (hfs-report syncs its files;
/// a sync flushes whatever else is waiting in the file system's journal).
fn settle() {
    let _ = Command::new("sync").status();
}

/// Milliseconds of a duration.
fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The CPU model and core count.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    format!("{cpu}, {cores} cores")
}
