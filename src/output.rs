//! Writing outputs so that nothing is ever half-written, overwritten unasked or written over an
//! input: every file is rendered in memory first, written to a temporary file in the output
//! folder, and renamed into place; Ctrl-C during that window removes the temporary files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("输出文件夹 {0} 不存在或不是文件夹，请先创建")]
    NoFolder(PathBuf),
    #[error("输出文件 {0} 已存在；如需覆盖请加 --force")]
    Exists(PathBuf),
    #[error("输出文件 {0} 与输入文件是同一个文件，拒绝覆盖输入；请换一个输出文件夹")]
    IsInput(PathBuf),
    #[error("输出文件 {0} 被占用（可能正在 Excel 或 WPS 中打开），请关闭该文件后重新运行")]
    Locked(PathBuf),
    #[error("无法写入 {path}：{source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One rendered file waiting to be put in place.
pub struct Pending {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

fn temp_registry() -> &'static Mutex<Vec<PathBuf>> {
    static REGISTRY: OnceLock<Mutex<Vec<PathBuf>>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        // Ctrl-C while outputs are being placed: remove the temporary files, then stop.
        let _ = ctrlc::set_handler(|| {
            if let Ok(list) = temp_registry().lock() {
                for p in list.iter() {
                    let _ = std::fs::remove_file(p);
                }
            }
            eprintln!("已中断，未写入任何输出文件。");
            std::process::exit(130);
        });
        Mutex::new(Vec::new())
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Writes every pending file, or none that would replace something without `force`.
///
/// # Errors
/// When the folder is missing, an output exists without `force`, an output is an input, or a
/// file cannot be written or renamed (a file open in Excel or WPS on Windows is reported as
/// locked).
pub fn write_all(files: Vec<Pending>, inputs: &[PathBuf], force: bool) -> Result<(), OutputError> {
    for f in &files {
        let dir = f
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Err(OutputError::NoFolder(dir.to_path_buf()));
        }
        if inputs.iter().any(|i| same_file(i, &f.path)) {
            return Err(OutputError::IsInput(f.path.clone()));
        }
        if f.path.exists() && !force {
            return Err(OutputError::Exists(f.path.clone()));
        }
    }
    let registry = temp_registry();
    let mut temps = Vec::new();
    let result = (|| {
        for f in &files {
            let dir = f
                .path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let mut tmp = tempfile::Builder::new()
                .prefix(".hotline-bulletin-")
                .suffix(".tmp")
                .tempfile_in(dir)
                .map_err(|source| OutputError::Io {
                    path: dir.to_path_buf(),
                    source,
                })?;
            if let Ok(mut list) = registry.lock() {
                list.push(tmp.path().to_path_buf());
            }
            tmp.write_all(&f.bytes)
                .and_then(|()| tmp.as_file().sync_all())
                .map_err(|source| OutputError::Io {
                    path: f.path.clone(),
                    source,
                })?;
            temps.push(tmp);
        }
        for (f, tmp) in files.iter().zip(temps.drain(..)) {
            let placed = if force {
                tmp.persist(&f.path).map(|_| ())
            } else {
                tmp.persist_noclobber(&f.path).map(|_| ())
            };
            placed.map_err(|e| classify(&f.path, e.error))?;
        }
        Ok(())
    })();
    if let Ok(mut list) = registry.lock() {
        list.clear();
    }
    result
}

fn classify(path: &Path, e: std::io::Error) -> OutputError {
    // Windows reports a file held open by Excel/WPS as a sharing violation (32) or
    // access denied (5); elsewhere an existing file under no-clobber is AlreadyExists.
    match (e.kind(), e.raw_os_error()) {
        (std::io::ErrorKind::AlreadyExists, _) => OutputError::Exists(path.to_path_buf()),
        (_, Some(32 | 33)) => OutputError::Locked(path.to_path_buf()),
        (std::io::ErrorKind::PermissionDenied, _) if cfg!(windows) => {
            OutputError::Locked(path.to_path_buf())
        }
        _ => OutputError::Io {
            path: path.to_path_buf(),
            source: e,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_existing_without_force_and_leaves_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.docx");
        std::fs::write(&p, b"old").unwrap();
        let err = write_all(
            vec![Pending {
                path: p.clone(),
                bytes: b"new".to_vec(),
            }],
            &[],
            false,
        )
        .unwrap_err();
        assert!(matches!(err, OutputError::Exists(_)));
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        write_all(
            vec![Pending {
                path: p.clone(),
                bytes: b"new".to_vec(),
            }],
            &[],
            true,
        )
        .unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_to_write_over_an_input_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("in.xlsx");
        std::fs::write(&p, b"input").unwrap();
        let err = write_all(
            vec![Pending {
                path: p.clone(),
                bytes: vec![],
            }],
            std::slice::from_ref(&p),
            true,
        )
        .unwrap_err();
        assert!(matches!(err, OutputError::IsInput(_)));
        assert_eq!(std::fs::read(&p).unwrap(), b"input");
    }
}
