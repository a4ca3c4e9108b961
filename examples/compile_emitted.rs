//! Compiles and exports `--emit typst` sources in one process, the way a
//! build does (one-thread pools, documents from one queue in the order
//! given), and prints each document's times: a harness for measuring what
//! a change of the templates costs, without the rest of a build.
//!
//! ```sh
//! hfs-report build --year 2024 --out /tmp/emit --emit typst
//! cargo run --release --example compile_emitted -- /tmp/emit/2024 \
//!     uppfoljning-2024-blekinge.typ uppfoljning-2024-dalarna.typ
//! ```
//!
//! Edit `/tmp/emit/2024/hfs-style.typ` (or a copy of the folder) and run it
//! again; `THREADS=2` uses two worker threads. Under
//! `valgrind --tool=callgrind` it gives instruction counts, which unlike
//! wall times on a shared machine are the same from one run to the next
//! (BENCHMARKS.md, "What a region's report costs").

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use hfs_report::typeset::{DocumentSource, Typesetter};
use typst::foundations::Bytes;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: compile_emitted DIR FILE.typ...")?;
    let names: Vec<String> = args.collect();
    let threads: usize = match std::env::var("THREADS") {
        Ok(n) => n.parse()?,
        Err(_) => 1,
    };
    let read = |name: &str| {
        let path = format!("{dir}/{name}");
        std::fs::read(&path)
            .map(Bytes::new)
            .map_err(|err| format!("{path}: {err}"))
    };
    let style = read("hfs-style.typ")?;
    let sources = names
        .iter()
        .map(|name| {
            Ok(DocumentSource {
                main: name.clone(),
                files: vec![
                    (name.clone(), read(name)?),
                    ("hfs-style.typ".into(), style.clone()),
                ],
                timestamp: 1_700_000_000,
                ident: name.clone(),
                shown_as: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let typesetter = Typesetter::new();
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let outcomes: Vec<Result<(), String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (typesetter, next, sources) = (&typesetter, &next, &sources);
                scope.spawn(move || -> Result<(), String> {
                    let pool = rayon::ThreadPoolBuilder::new()
                        .num_threads(1)
                        .build()
                        .map_err(|e| e.to_string())?;
                    pool.install(|| {
                        while let Some(source) = sources.get(next.fetch_add(1, Ordering::Relaxed)) {
                            let compiling = Instant::now();
                            let document = typesetter.compile(source).map_err(|e| e.to_string())?;
                            let exporting = Instant::now();
                            let pdf = typesetter
                                .pdf(&document, source)
                                .map_err(|e| e.to_string())?;
                            println!(
                                "{}: compile {:.1} ms, export {:.1} ms, {} pages, {} bytes",
                                source.main,
                                (exporting - compiling).as_secs_f64() * 1e3,
                                exporting.elapsed().as_secs_f64() * 1e3,
                                document.pages().len(),
                                pdf.len()
                            );
                        }
                        Ok(())
                    })
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|_| Err("a worker panicked".into()))
            })
            .collect()
    });
    for outcome in outcomes {
        outcome?;
    }
    println!("all: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
    Ok(())
}
