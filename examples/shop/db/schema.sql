create table if not exists orders (id serial primary key, customer_id text not null, total integer not null, subtotal integer, created_at timestamptz default now());
create table if not exists carts (email text primary key, updated_at timestamptz default now());
