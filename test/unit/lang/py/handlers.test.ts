// lang/py/handlers.ts: which functions of a Python file handle requests, framework by framework, and the look-alikes
// that do not.
import * as assert from 'assert';
import { parsePython } from '../../../../server/src/lang/py/parse';
import { indexTree } from '../../../../server/src/lang/py/syntax';
import { pyHandlers } from '../../../../server/src/lang/py/handlers';

/** The labels of the handlers found in `text` (as file `rel`), in source order. */
function handlers(text: string, rel = 'app/main.py'): string[] {
  const tree = parsePython(text).tree!;
  const index = indexTree(tree);
  const h = pyHandlers({ text, rel, tree, index });
  const out: string[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'FunctionDefinition') return;
      const found = h.of(ref.node);
      if (found) out.push(found.phrase);
    },
  });
  return out;
}

describe('lang/py handlers', () => {
  it('finds Flask, Quart, FastAPI and aiohttp route decorators with a path, and request hooks', () => {
    const text = [
      'from flask import Flask',
      'app = Flask(__name__)',
      '@app.route("/a", methods=["POST"])',
      'def a(): pass',
      '@bp.get("/b")',
      'async def b(): pass',
      '@router.post("")',
      'def c(): pass',
      '@routes.get(path="/d")',
      'def d(request): pass',
      '@app.before_request',
      'def hook(): pass',
      '@app.middleware("http")',
      'async def mw(request, call_next): pass',
      '@app.middleware("websocket")',
      'async def not_http(): pass',
      'def create_app():',
      '    @app.get("/inner")',
      '    def inner(): pass',
    ].join('\n');
    assert.deepStrictEqual(handlers(text), [
      'the request handler `a()`',
      'the request handler `b()`',
      'the request handler `c()`',
      'the request handler `d()`',
      'the request hook `hook()`',
      'the request hook `mw()`',
      'the request handler `inner()`',
    ]);
  });

  it('finds functions registered by name: add_url_rule, add_api_route, router.add_get, web.get, Route', () => {
    const text = [
      'from aiohttp import web',
      'from starlette.routing import Route',
      'def a(): pass',
      'def b(): pass',
      'async def c(request): pass',
      'async def d(request): pass',
      'async def e(request): pass',
      'def helper(): pass',
      'app.add_url_rule("/a", view_func=a)',
      'api.add_api_route("/b", b)',
      'app.router.add_get("/c", c)',
      'app.add_routes([web.post("/d", d)])',
      'routes = [Route("/e", e)]',
      'cache.add_url_rule("not-a-path", view_func=helper)',
    ].join('\n');
    assert.deepStrictEqual(handlers(text), [
      'the request handler `a()`',
      'the request handler `b()`',
      'the request handler `c()`',
      'the request handler `d()`',
      'the request handler `e()`',
    ]);
  });

  it('finds Django function views, @api_view, class-based views and their subclasses, typed request parameters', () => {
    const views = [
      'from django.shortcuts import render',
      'from rest_framework.decorators import api_view',
      'from rest_framework import viewsets',
      'def index(request): pass',
      'def helper(user): pass',
      '@api_view(["GET"])',
      'def api(req): pass',
      'class Base(viewsets.ModelViewSet):',
      '    def list(self, request): pass',
      '    def __init__(self): pass',
      '    @classmethod',
      '    def as_view(cls): pass',
      'class Child(Base):',
      '    def create(self, request): pass',
    ].join('\n');
    assert.deepStrictEqual(handlers(views, 'shop/views.py'), [
      'the view `index()`',
      'the view `api()`',
      'the view method `Base.list()`',
      'the view method `Child.create()`',
    ]);
    const typed = ['from django.http import HttpRequest', 'def audit(obj, request: HttpRequest): pass'].join('\n');
    assert.deepStrictEqual(handlers(typed, 'shop/admin.py'), ['the request handler `audit()`']);
  });

  it('leaves out look-alikes: non-path decorators, Celery tasks, HTTP clients, GUI views, request parameters elsewhere', () => {
    const text = [
      'import requests',
      'from celery import shared_task',
      '@cache.get("key")',
      'def a(): pass',
      '@shared_task',
      'def b(): pass',
      '@app.task',
      'def c(): pass',
      'def d(): return requests.get("/status")',
      'def e(request): pass',
      'class Canvas(QGraphicsView):',
      '    def paint(self): pass',
    ].join('\n');
    assert.deepStrictEqual(handlers(text, 'app/tasks.py'), []);
  });
});
