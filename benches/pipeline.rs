//! The benchmark behind BENCHMARKS.md: `cargo bench --bench pipeline`.
//!
//! Measures, on this machine and in one process:
//! (a) the whole bundled set (every year of `data/`), built from scratch;
//! (b) each stage's share of that build;
//! (c) synthetic years of 30 and 300 regions × 40 indicators, with the
//!     peak memory of a separate `hfs-report build` process;
//! and, when the typst CLI is installed (`typst` on the PATH, or `TYPST`),
//! the same documents compiled from `--emit typst` sources by the CLI, one
//! process per document. It prints a Markdown report.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use hfs_report::build::{Session, Silent, build_in};
use hfs_report::config::{BuildConfig, Verbosity};
use hfs_report::render::TemplateSource;

/// How many times the bundled set is built; the median is reported.
const RUNS: usize = 5;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let jobs = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    println!("## Machine\n\n{}\n", machine());

    // (a) and (b): the bundled set.
    let data = root.join("data");
    let years = hfs_report::config::year_folders(&data).expect("data/ has year folders");
    let config = config(&data, &scratch.path().join("bundled"), years.clone(), jobs);
    let session = Session::new(TemplateSource::default());
    let mut runs = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        let summary = build_in(&session, &config, &Silent).expect("the bundled set builds");
        runs.push(started.elapsed());
        last = Some(summary);
    }
    let summary = last.expect("at least one run");
    runs.sort();
    let median = runs[RUNS / 2];
    println!("## (a) The bundled set in one process\n");
    println!(
        "{} documents (years {}), {jobs} threads, {RUNS} runs: median {:.0} ms, fastest {:.0} ms\n",
        summary.documents,
        years
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        ms(median),
        ms(runs[0])
    );
    // The same on one thread: what the parallel typesetting adds.
    let one_thread = config_with_jobs(&config, 1);
    let mut single: Vec<Duration> = (0..3)
        .map(|_| {
            let started = Instant::now();
            build_in(&session, &one_thread, &Silent).expect("the bundled set builds");
            started.elapsed()
        })
        .collect();
    single.sort();
    println!(
        "The same on one thread, 3 runs: median {:.0} ms\n",
        ms(single[1])
    );
    let s = summary.stages;
    let thread_time = s.typeset + s.export;
    let own = s.load + s.render + s.write;
    println!("## (b) Stages of the last run\n");
    println!("| stage | wall time | share of the build |");
    println!("|---|---|---|");
    let total = own + thread_time;
    for (name, d) in [
        ("load + validate", s.load),
        ("merge + render", s.render),
        ("typeset (Typst layout, parallel)", s.typeset),
        ("PDF export (parallel)", s.export),
        ("write + hash", s.write),
    ] {
        println!(
            "| {name} | {:.1} ms | {:.1} % |",
            ms(d),
            100.0 * d.as_secs_f64() / total.as_secs_f64()
        );
    }
    println!(
        "\nOur own stages (load, render, write): {:.1} ms = {:.1} % of the work, {:.1} % of the median wall time.\n",
        ms(own),
        100.0 * own.as_secs_f64() / total.as_secs_f64(),
        100.0 * own.as_secs_f64() / median.as_secs_f64()
    );

    // (c): synthetic years.
    println!("## (c) Synthetic years, 40 indicators\n");
    println!("| regions | documents | wall time | peak memory |");
    println!("|---|---|---|---|");
    let mut times = Vec::new();
    for regions in [30, 300] {
        let data = scratch.path().join(format!("synthetic-{regions}"));
        synthetic_year(&root, &data, regions, 40);
        let out = scratch.path().join(format!("out-{regions}"));
        let (wall, documents, peak) = run_binary(&data, &out);
        println!(
            "| {regions} | {documents} | {:.2} s | {peak} |",
            wall.as_secs_f64()
        );
        times.push(wall);
    }
    println!(
        "\n300 regions took {:.1}× the time of 30 regions.\n",
        times[1].as_secs_f64() / times[0].as_secs_f64()
    );

    // The typst CLI on the same documents.
    println!("## The typst CLI on the emitted sources\n");
    match typst_cli() {
        None => println!(
            "The typst CLI is not installed (set TYPST or put `typst` on the PATH); skipped.\n"
        ),
        Some(typst) => compare_with_cli(
            &root,
            &typst,
            &data_years(&root),
            scratch.path(),
            median,
            jobs,
        ),
    }
}

/// A clean build configuration for `data`, forced so nothing is reused.
fn config(data: &Path, out: &Path, years: Vec<i32>, jobs: usize) -> BuildConfig {
    BuildConfig {
        data: data.to_path_buf(),
        out: out.to_path_buf(),
        years,
        regions: Vec::new(),
        only: None,
        emit_typst: false,
        templates: TemplateSource::default(),
        source_date_epoch: Some(1_713_398_400),
        jobs,
        force: true,
        verbosity: Verbosity::Quiet,
    }
}

/// The same configuration with another number of threads.
fn config_with_jobs(config: &BuildConfig, jobs: usize) -> BuildConfig {
    BuildConfig {
        jobs,
        ..config.clone()
    }
}

/// The years of the bundled data.
fn data_years(root: &Path) -> Vec<i32> {
    hfs_report::config::year_folders(&root.join("data")).unwrap_or_default()
}

/// Runs the release binary on `data` with --verbose: wall time, documents, peak memory.
fn run_binary(data: &Path, out: &Path) -> (Duration, usize, String) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_hfs-report"))
        .args(["build", "--force", "--verbose", "--data"])
        .arg(data)
        .arg("--out")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", "1713398400")
        .output()
        .expect("hfs-report runs");
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
    (wall, documents, peak)
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

/// Emits the bundled set's sources and times the CLI compiling each, one
/// process per document, one at a time and `jobs` at a time.
fn compare_with_cli(
    root: &Path,
    typst: &Path,
    years: &[i32],
    scratch: &Path,
    ours: Duration,
    jobs: usize,
) {
    let out = scratch.join("emitted");
    let mut config = config(&root.join("data"), &out, years.to_vec(), jobs);
    config.emit_typst = true;
    build_in(&Session::new(TemplateSource::default()), &config, &Silent).expect("emits");
    let mut sources: Vec<(PathBuf, PathBuf)> = Vec::new();
    for year in years {
        let folder = out.join(year.to_string());
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let is_document = path.extension().is_some_and(|e| e == "typ")
                && path.file_name().is_some_and(|n| n != "hfs-style.typ");
            if is_document {
                sources.push((folder.clone(), path));
            }
        }
    }
    sources.sort();
    let fonts = root.join("fonts");
    let compile = |(folder, source): &(PathBuf, PathBuf)| {
        let status = Command::new(typst)
            .arg("compile")
            .arg("--root")
            .arg(folder)
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
    let started = Instant::now();
    sources.iter().for_each(compile);
    let sequential = started.elapsed();
    let started = Instant::now();
    let chunks: Vec<Vec<(PathBuf, PathBuf)>> = (0..jobs)
        .map(|j| sources.iter().skip(j).step_by(jobs).cloned().collect())
        .collect();
    std::thread::scope(|scope| {
        for chunk in &chunks {
            scope.spawn(|| chunk.iter().for_each(compile));
        }
    });
    let parallel = started.elapsed();
    println!("| how | documents | wall time | hfs-report is faster by |");
    println!("|---|---|---|---|");
    println!(
        "| hfs-report, one process, {jobs} threads (median of (a)) | {} | {:.2} s | |",
        sources.len(),
        ours.as_secs_f64()
    );
    println!(
        "| typst CLI, one process per document, one at a time | {} | {:.2} s | {:.1}× |",
        sources.len(),
        sequential.as_secs_f64(),
        sequential.as_secs_f64() / ours.as_secs_f64()
    );
    println!(
        "| typst CLI, one process per document, {jobs} at a time | {} | {:.2} s | {:.1}× |",
        sources.len(),
        parallel.as_secs_f64(),
        parallel.as_secs_f64() / ours.as_secs_f64()
    );
    println!();
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
