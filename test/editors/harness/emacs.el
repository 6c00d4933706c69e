;;; emacs.el --- run by test/editors/emacs.test.ts as `emacs --batch -l emacs.el`  -*- lexical-binding: t -*-
;; Loads the README's snippet ($TF_SNIPPET), opens $TF_FILE, starts the client ($TF_CLIENT: eglot or lsp-mode) as a
;; user's config does, waits (a deadline, not a fixed sleep) until the server's diagnostic $TF_WANT is in Flymake, and
;; writes the buffer's diagnostics to $TF_OUT as JSON. Always exits.
(package-activate-all) ; what an interactive start does: the ELPA packages' autoloads (--batch skips it)
(require 'cl-lib)
(require 'json)
(require 'flymake)

(defun tf-lsp-diagnostics ()
  "The current buffer's diagnostics as (LINE CODE TEXT), LINE from 1, CODE the LSP code."
  (if (eq (intern (getenv "TF_CLIENT")) 'eglot)
      (mapcar (lambda (d)
                (list (line-number-at-pos (flymake-diagnostic-beg d))
                      (plist-get (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)) :code)
                      (flymake-diagnostic-text d)))
              (flymake-diagnostics))
    (mapcar (lambda (d)
              (list (1+ (lsp:position-line (lsp:range-start (lsp:diagnostic-range d))))
                    (lsp:diagnostic-code? d)
                    (lsp:diagnostic-message d)))
            (lsp--get-buffer-diagnostics))))

(let ((result nil))
  (condition-case err
      (let* ((client (intern (getenv "TF_CLIENT")))
             (want (getenv "TF_WANT"))
             (deadline (+ (float-time) (/ (string-to-number (getenv "TF_DEADLINE_MS")) 1000.0))))
        (load (getenv "TF_SNIPPET") nil t)
        (if (eq client 'eglot)
            (require 'eglot)
          (setq lsp-session-file (expand-file-name "lsp-session" user-emacs-directory)
                lsp-auto-guess-root t ; --batch cannot answer lsp-mode's "import project root?"
                lsp-enable-snippet nil
                lsp-diagnostics-provider :flymake)
          (require 'lsp-mode))
        (with-current-buffer (find-file (getenv "TF_FILE"))
          (if (eq client 'eglot)
              (progn (eglot-ensure)
                     ;; eglot-ensure connects after the command that visited the file: the command loop's step
                     (run-hooks 'post-command-hook))
            (lsp))
          (while (and (< (float-time) deadline)
                      (not (and (flymake-diagnostics)
                                (cl-some (lambda (d) (equal (nth 1 d) want)) (tf-lsp-diagnostics)))))
            (accept-process-output nil 0.02))
          (setq result
                `((arrived . ,(if (< (float-time) deadline) t :json-false))
                  (flymake . ,(vconcat (mapcar (lambda (d)
                                                 `((line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                                                   (type . ,(symbol-name (flymake-diagnostic-type d)))
                                                   (text . ,(flymake-diagnostic-text d))))
                                               (flymake-diagnostics))))
                  (lsp . ,(vconcat (mapcar (lambda (d) `((line . ,(nth 0 d)) (code . ,(nth 1 d)) (message . ,(nth 2 d))))
                                           (tf-lsp-diagnostics))))))))
    (error (setq result `((error . ,(error-message-string err))))))
  (with-temp-file (getenv "TF_OUT") (insert (json-encode result)))
  (kill-emacs 0))
