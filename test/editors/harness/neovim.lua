-- Run by test/editors/neovim.test.ts once the README's config (`-u`) has opened the project file: waits for the
-- server's diagnostics (vim.wait, a deadline, no fixed sleep), with $TF_FIX applies the preferred quick fix as
-- `vim.lsp.buf.code_action` does (resolving its edit), and writes what it saw to $TF_OUT as JSON. Always quits.
local result = {}
local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end
local function wanted()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if code_of(d) == os.getenv('TF_WANT') then
      return d
    end
  end
end

local ok, err = pcall(function()
  result.arrived = vim.wait(tonumber(os.getenv('TF_DEADLINE_MS')), function()
    return wanted() ~= nil
  end, 20)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(result.diagnostics, {
      line = d.lnum + 1,
      col = d.col + 1,
      code = code_of(d),
      source = d.source,
      message = d.message,
      severity = d.severity,
    })
  end
  result.clients = {}
  local client
  for _, c in pairs(vim.lsp.get_active_clients()) do
    table.insert(result.clients, { name = c.name, root_dir = c.config.root_dir })
    client = client or c
  end
  local d = wanted()
  if os.getenv('TF_FIX') and d and client then
    local range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }
    local params = {
      textDocument = vim.lsp.util.make_text_document_params(),
      range = range,
      context = {
        diagnostics = {
          { range = range, code = code_of(d), source = d.source, message = d.message, severity = d.severity },
        },
      },
    }
    local res = client.request_sync('textDocument/codeAction', params, 10000, 0)
    local action
    for _, a in ipairs(res and res.result or {}) do
      if a.isPreferred then
        action = a
      end
    end
    if action then
      result.fix = action.title
      if not action.edit then
        action = client.request_sync('codeAction/resolve', action, 10000, 0).result
      end
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      vim.cmd('silent wall')
    end
  end
end)
if not ok then
  result.error = tostring(err)
end
local f = assert(io.open(os.getenv('TF_OUT'), 'w'))
f:write(vim.json.encode(result))
f:close()
vim.cmd('qa!')
