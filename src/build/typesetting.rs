//! Typesetting the documents of a build on worker threads, each new PDF
//! staged beside its destination as soon as it is made.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::Progress;
use super::Session;
use super::documents::{Document, with_versions_hint};
use crate::config::BuildConfig;
use crate::error::Error;
use crate::interrupt;
use crate::manifest;
use crate::write::{self, Staged};

/// How many documents are typeset between two evictions of Typst's caches,
/// per worker thread: memory stays bounded however many regions there are.
const EVICT_EVERY_PER_THREAD: usize = 4;

/// How many evictions a cached result may go unused and stay: an eviction
/// drops what the last `EVICT_AGE` evictions' worth of documents did not use.
const EVICT_AGE: usize = 2;

/// What typesetting made: the time spent compiling, exporting and hashing,
/// summed over the threads, and every new PDF staged beside its destination.
pub(super) struct Typesetting {
    /// What the manifest records of every document's PDF, in document
    /// order: the one reused, or the one typeset now.
    pub pdfs: Vec<Pdf>,
    /// Typst's compilation, summed over the documents typeset.
    pub compile: Duration,
    /// PDF export, summed likewise.
    pub export: Duration,
    /// Hashing the new PDFs, summed likewise.
    pub hash: Duration,
    /// The new PDFs, each in a temporary file beside its destination.
    pub staged: Vec<Staged>,
    /// The output folders the stager made, deepest first.
    pub made: Vec<PathBuf>,
}

/// Typesets the documents that have no PDF to reuse (`reused[i]` is
/// `None`), on `config.jobs` threads
/// (or one per document, if there are fewer),
/// and stages each new PDF (a synced temporary file beside `destinations[i]`)
/// on one more thread while the others typeset on, so that waiting for the
/// disk does not add to the build's time.
///
/// Each worker thread takes the next document from a shared queue and
/// compiles and exports it on a one-thread rayon pool of its own, so that
/// Typst's parallel work inside a document (page runs, PDF pages) stays on
/// that thread: documents are the unit of parallelism. Nested in one shared
/// pool, the threads would steal each other's small tasks, which measured
/// about a sixth slower on two cores, and a thread's clock would count the
/// stolen work of other documents.
///
/// What the last documents left in Typst's cache stays there: a one-shot
/// build ends anyway, and `watch` evicts by its own rule after each rebuild.
/// (Evicting here took 8–12 ms at the end of every 2024 build.)
pub(super) fn typeset_all(
    session: &Session,
    config: &BuildConfig,
    documents: &[Document],
    destinations: &[PathBuf],
    reused: Vec<Option<Pdf>>,
    progress: &dyn Progress,
) -> Result<Typesetting, Error> {
    // A thread more than there are documents would have nothing to do, and
    // `--jobs 100000` would run the machine out of threads for nothing.
    let todo = reused.iter().filter(|pdf| pdf.is_none()).count();
    let workers = config.jobs.min(todo).max(1);
    let pools = (0..workers)
        .map(|_| rayon::ThreadPoolBuilder::new().num_threads(1).build())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| Error::System(format!("cannot start {workers} worker threads ({err})")))?;
    let queue = Queue::new(documents, &reused, workers);
    // The stager creates the output folders it needs; a failed build takes
    // them away again.
    let missing = write::missing_folders(destinations.iter().filter_map(|d| d.parent()));
    let (done, staged) = std::thread::scope(|scope| {
        let (to_stager, finished_pdfs) = mpsc::channel::<(usize, Vec<u8>)>();
        // A staging error ends the stager; the workers' sends then fail
        // unnoticed, and the error is reported after them.
        let stager = scope
            .spawn(move || stage_as_finished(finished_pdfs, destinations, interrupt::requested));
        let workers: Vec<_> = pools
            .iter()
            .map(|pool| {
                let queue = &queue;
                let to_stager = to_stager.clone();
                scope.spawn(move || {
                    let mut done = Vec::new();
                    while let Some(i) = queue.take() {
                        // The bytes go to the stager; the build keeps
                        // only what the manifest records of them.
                        let typeset = pool.install(|| {
                            typeset_one(session, documents, i, |bytes| {
                                let _ = to_stager.send((i, bytes));
                            })
                        });
                        match &typeset.pdf {
                            Ok(_) => progress.finished(&documents[i].pdf_name(), false),
                            Err(_) => queue.failed(i),
                        }
                        done.push(typeset);
                        queue.finished_one();
                    }
                    done
                })
            })
            .collect();
        // The stager ends when the last worker's sender is gone.
        drop(to_stager);
        let done: Vec<Typeset> = workers
            .into_iter()
            .flat_map(|worker| join(worker))
            .collect();
        (done, join(stager))
    });
    let outcome = outcome(done, reused, staged, missing.clone());
    if outcome.is_err() {
        // The staged files went with the error's statement; now their folders.
        write::remove_empty(&missing);
    }
    outcome
}

/// The documents a build typesets, shared by the worker threads, which
/// take them one by one.
struct Queue {
    /// Indices of the documents to typeset, in the order they are taken.
    order: Vec<usize>,
    /// The place in `order` of the next document to take.
    next: AtomicUsize,
    /// How many documents were typeset (or failed) so far.
    finished: AtomicUsize,
    /// The lowest failed document so far: documents after it in document
    /// order need not be typeset, since the error reported is always the
    /// first one in document order, however the threads ran.
    first_failed: AtomicUsize,
    /// Every how many documents Typst's caches are evicted, if ever.
    evict_every: Option<usize>,
}

impl Queue {
    /// The documents without a PDF to reuse (`reused[i]` is `None`), for
    /// `workers` threads.
    fn new(documents: &[Document], reused: &[Option<Pdf>], workers: usize) -> Self {
        let mut order: Vec<usize> = (0..documents.len())
            .filter(|&i| reused[i].is_none())
            .collect();
        // Longest first: a long document (the plan, the network's report)
        // begun last would keep one thread busy while the others wait at
        // the end of the build. The main file's length is a fair guess of
        // the work. Taken in this order from a shared queue, no thread
        // waits for another until the queue is empty.
        order.sort_by_key(|&i| std::cmp::Reverse(documents[i].source.main_len()));
        // Before the (EVICT_AGE + 1)-th eviction none can drop anything:
        // until then they only count the age of what is cached, and each
        // costs 2-3 ms with every cache locked. A build too small to get
        // there (the 2024 set on two threads) evicts nothing.
        let every = EVICT_EVERY_PER_THREAD * workers;
        let evict_every = (order.len() >= (EVICT_AGE + 1) * every).then_some(every);
        Self {
            order,
            next: AtomicUsize::new(0),
            finished: AtomicUsize::new(0),
            first_failed: AtomicUsize::new(usize::MAX),
            evict_every,
        }
    }

    /// The next document to typeset; none once the queue is empty or a
    /// stop is asked for. Documents after a failed one are passed over.
    fn take(&self) -> Option<usize> {
        loop {
            let i = *self.order.get(self.next.fetch_add(1, Ordering::Relaxed))?;
            if interrupt::requested() {
                return None;
            }
            if i <= self.first_failed.load(Ordering::Relaxed) {
                return Some(i);
            }
        }
    }

    /// Document `i` failed.
    fn failed(&self, i: usize) {
        self.first_failed.fetch_min(i, Ordering::Relaxed);
    }

    /// A document is done: every so many documents, Typst's memoised
    /// layouts that the last ones did not use are forgotten. (Eviction
    /// only drops cached results, so another thread's compilation is never
    /// disturbed, only maybe slowed.)
    fn finished_one(&self) {
        let count = self.finished.fetch_add(1, Ordering::Relaxed) + 1;
        if self
            .evict_every
            .is_some_and(|every| count.is_multiple_of(every))
        {
            comemo::evict(EVICT_AGE);
        }
    }
}

/// What the workers' results come to: every document's PDF (the ones
/// `reused` and those typeset now) with the time spent, or the first
/// error in document order.
fn outcome(
    mut done: Vec<Typeset>,
    reused: Vec<Option<Pdf>>,
    staged: Result<Vec<Staged>, Error>,
    made: Vec<PathBuf>,
) -> Result<Typesetting, Error> {
    let mut pdfs = reused;
    done.sort_by_key(|t| t.index);
    let mut compile = Duration::ZERO;
    let mut export = Duration::ZERO;
    let mut hash = Duration::ZERO;
    let mut failed = None;
    for t in done {
        compile += t.compile;
        export += t.export;
        hash += t.hash;
        match t.pdf {
            Ok(pdf) => pdfs[t.index] = Some(pdf),
            Err(err) => {
                failed.get_or_insert(err);
            }
        }
    }
    let staged = match failed {
        Some(err) => return Err(err),
        None => staged?,
    };
    // A stop asked for while typesetting is taken here, before any file
    // is placed: what was staged is deleted, like a failed build's.
    interrupt::check()?;
    // Without an error every document has its PDF: a worker leaves one out
    // only after another failed, or once a stop is asked for. Were one
    // missing all the same, the build stops as a stopped one does,
    // writing nothing.
    let pdfs = pdfs
        .into_iter()
        .collect::<Option<Vec<Pdf>>>()
        .ok_or(Error::Interrupted)?;
    Ok(Typesetting {
        pdfs,
        compile,
        export,
        hash,
        staged,
        made,
    })
}

/// Stages each PDF `(i, bytes)` as it comes, beside `destinations[i]`,
/// until `stopped`: after a stop is asked for, none is written (each takes
/// its time on a slow disk: a Ctrl-C waited for the write of every PDF
/// already typeset), and the build deletes what was staged.
fn stage_as_finished(
    finished: impl IntoIterator<Item = (usize, Vec<u8>)>,
    destinations: &[PathBuf],
    stopped: impl Fn() -> bool,
) -> Result<Vec<Staged>, Error> {
    finished
        .into_iter()
        .take_while(|_| !stopped())
        .map(|(i, pdf)| write::stage(&destinations[i], &pdf))
        .collect()
}

/// A scoped thread's result; its panic goes on in the calling thread.
fn join<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// What the manifest records of a document's PDF: its size and SHA-256.
/// The bytes themselves are not kept: a new PDF goes to its temporary file
/// as soon as it is made, and a reused one stays where it is.
pub(super) struct Pdf {
    /// Its size in bytes.
    pub len: u64,
    /// Its SHA-256, in hex.
    pub sha256: String,
}

impl Pdf {
    /// Hashes a new PDF, on the worker thread that made it while the others
    /// typeset on, rather than all of them after the last document, when
    /// the build can only wait for it. (A reused PDF comes with the digest
    /// its check computed.)
    fn of(bytes: &[u8]) -> Self {
        Self {
            len: bytes.len() as u64,
            sha256: manifest::sha256(bytes),
        }
    }
}

/// One document typeset: what the manifest records of its PDF or why there
/// is none, and where the time went.
struct Typeset {
    index: usize,
    pdf: Result<Pdf, Error>,
    compile: Duration,
    export: Duration,
    hash: Duration,
}

/// Compiles and exports document `index` on the current thread, and hands
/// the PDF's bytes to `deliver`.
fn typeset_one(
    session: &Session,
    documents: &[Document],
    index: usize,
    deliver: impl FnOnce(Vec<u8>),
) -> Typeset {
    let document = &documents[index];
    let compiling = Instant::now();
    let pages = session.typesetter.compile(&document.source);
    let compile = compiling.elapsed();
    let exporting = Instant::now();
    let bytes = pages.and_then(|pages| session.typesetter.pdf(&pages, &document.source));
    let export = exporting.elapsed();
    let hashing = Instant::now();
    let pdf = bytes
        .map_err(|err| with_versions_hint(Error::from(err), session.renderer.templates()))
        .map(|bytes| {
            let pdf = Pdf::of(&bytes);
            deliver(bytes);
            pdf
        });
    Typeset {
        index,
        pdf,
        compile,
        export,
        hash: hashing.elapsed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn nothing_is_staged_after_a_stop_is_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let destinations: Vec<PathBuf> = ["a.pdf", "b.pdf", "c.pdf"]
            .iter()
            .map(|name| dir.path().join(name))
            .collect();
        let asked = Cell::new(0);
        // The stop comes once the first PDF is staged.
        let stopped = || {
            asked.set(asked.get() + 1);
            asked.get() > 1
        };
        let finished = (0..3).map(|i| (i, b"%PDF-1.7".to_vec()));
        let staged = stage_as_finished(finished, &destinations, stopped).unwrap();
        assert_eq!(staged.len(), 1);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        drop(staged);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
