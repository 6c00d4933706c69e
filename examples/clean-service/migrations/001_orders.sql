create table if not exists orders (id serial primary key, total integer not null);
create table if not exists jobs (id serial primary key, state text not null default 'queued');
